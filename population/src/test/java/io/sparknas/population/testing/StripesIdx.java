package io.sparknas.population.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A tiny learnable image set in Fashion-MNIST's file layout (gzipped IDX): grey images of horizontal
 * (class 0) or vertical (class 1) stripes with a random phase and pixel noise. Lets DL4J searches run
 * in tests on machines without the Debian dataset. It lives beside {@link SharedBenchmarks} because the
 * evaluation and jobs tests both read it, and both already depend on this test jar.
 */
public final class StripesIdx {
    private StripesIdx() {
    }

    /** Writes train-images/train-labels for {@code images} images of size × size into {@code dir}. */
    public static Path write(Path dir, int images, int size, long seed) throws IOException {
        return write(dir, "train", images, size, seed);
    }

    /** As {@link #write(Path, int, int, long)}, plus a test split (t10k-images/t10k-labels) of {@code testImages} others. */
    public static Path writeWithTest(Path dir, int images, int testImages, int size, long seed) throws IOException {
        write(dir, "train", images, size, seed);
        return write(dir, "t10k", testImages, size, seed + 1);
    }

    private static Path write(Path dir, String split, int images, int size, long seed) throws IOException {
        Random rng = new Random(seed);
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(pixels);
        out.writeInt(0x803);
        out.writeInt(images);
        out.writeInt(size);
        out.writeInt(size);
        byte[] labels = new byte[images];
        for (int i = 0; i < images; i++) {
            labels[i] = (byte) (i % 2);
            int phase = rng.nextInt(4);
            for (int r = 0; r < size; r++) {
                for (int c = 0; c < size; c++) {
                    int coordinate = (i % 2 == 0 ? r : c) + phase;
                    int value = (coordinate / 2) % 2 == 0 ? 200 : 50;
                    out.writeByte(Math.max(0, Math.min(255, value + (int) (rng.nextGaussian() * 40))));
                }
            }
        }
        ByteArrayOutputStream labelFile = new ByteArrayOutputStream();
        DataOutputStream labelOut = new DataOutputStream(labelFile);
        labelOut.writeInt(0x801);
        labelOut.writeInt(images);
        labelOut.write(labels);
        gzip(dir.resolve(split + "-images-idx3-ubyte.gz"), pixels.toByteArray());
        gzip(dir.resolve(split + "-labels-idx1-ubyte.gz"), labelFile.toByteArray());
        return dir;
    }

    private static void gzip(Path path, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
            out.write(content);
        }
    }
}
