package io.sparknas.evaluation;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * 120 grey 16×16 images in Fashion-MNIST's gzipped IDX layout, written once per test JVM: horizontal
 * (class 0) or vertical (class 1) stripes with a random phase and pixel noise, so a tiny network learns
 * them within an epoch or two.
 */
final class Dl4jStripes {
    private static final int IMAGES = 120;
    private static final int SIZE = 16;
    private static Path folder;

    private Dl4jStripes() {
    }

    static synchronized Path folder() {
        if (folder == null) {
            try {
                Path dir = Files.createTempDirectory("stripes");
                write(dir);
                dir.toFile().deleteOnExit();
                folder = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }

    private static void write(Path dir) throws IOException {
        Random rng = new Random(3);
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(images);
        out.writeInt(0x803);
        out.writeInt(IMAGES);
        out.writeInt(SIZE);
        out.writeInt(SIZE);
        byte[] labels = new byte[IMAGES];
        for (int i = 0; i < IMAGES; i++) {
            labels[i] = (byte) (i % 2);
            int phase = rng.nextInt(4);
            for (int r = 0; r < SIZE; r++) {
                for (int c = 0; c < SIZE; c++) {
                    int coordinate = (i % 2 == 0 ? r : c) + phase;
                    out.writeByte(Math.max(0, Math.min(255, ((coordinate / 2) % 2 == 0 ? 200 : 50) + (int) (rng.nextGaussian() * 40))));
                }
            }
        }
        ByteArrayOutputStream labelFile = new ByteArrayOutputStream();
        DataOutputStream labelOut = new DataOutputStream(labelFile);
        labelOut.writeInt(0x801);
        labelOut.writeInt(IMAGES);
        labelOut.write(labels);
        gzip(dir.resolve("train-images-idx3-ubyte.gz"), images.toByteArray());
        gzip(dir.resolve("train-labels-idx1-ubyte.gz"), labelFile.toByteArray());
        dir.resolve("train-images-idx3-ubyte.gz").toFile().deleteOnExit();
        dir.resolve("train-labels-idx1-ubyte.gz").toFile().deleteOnExit();
    }

    private static void gzip(Path path, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
            out.write(content);
        }
    }
}
