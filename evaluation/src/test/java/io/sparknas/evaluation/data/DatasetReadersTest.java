package io.sparknas.evaluation.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetReadersTest {
    @TempDir
    Path dir;

    /** An IDX image file of {@code count} 4×5 images whose pixel (r, c) of image i is (i + r·5 + c) mod 256. */
    static byte[] idxImages(int magic, int count, int rows, int columns, int truncateBy) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(columns);
        for (int i = 0; i < count * rows * columns - truncateBy; i++) {
            int image = i / (rows * columns);
            out.writeByte((image + i % (rows * columns)) % 256);
        }
        return bytes.toByteArray();
    }

    static byte[] idxLabels(int count, int classes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.LABELS_MAGIC);
        out.writeInt(count);
        for (int i = 0; i < count; i++) {
            out.writeByte(i % classes);
        }
        return bytes.toByteArray();
    }

    static void gzip(Path path, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
            out.write(content);
        }
    }

    @Test
    void readsGzippedIdxImagesAndLabels() throws IOException {
        gzip(dir.resolve("train-images-idx3-ubyte.gz"), idxImages(IdxReader.IMAGES_MAGIC, 7, 4, 5, 0));
        gzip(dir.resolve("train-labels-idx1-ubyte.gz"), idxLabels(7, 10));
        ImageDataset data = IdxReader.readTraining(dir, 10);
        assertEquals(7, data.size());
        assertEquals(1, data.channels());
        assertEquals(4, data.height());
        assertEquals(5, data.width());
        assertEquals(3, data.label(3));
        assertEquals((3 + 1 * 5 + 2) / 255f, data.pixel(3, 0, 1, 2), 1e-7);
    }

    @Test
    void corruptIdxFilesAreRejectedWithThePathAndTheProblem() throws IOException {
        Path images = dir.resolve("images.gz");
        Path labels = dir.resolve("labels.gz");
        gzip(labels, idxLabels(7, 10));

        gzip(images, idxImages(0x00000802, 7, 4, 5, 0));
        assertMessage(() -> IdxReader.read(images, labels, 10), images.toString(), "bad magic number 0x00000802");

        gzip(images, idxImages(IdxReader.IMAGES_MAGIC, 7, 4, 5, 3));
        assertMessage(() -> IdxReader.read(images, labels, 10), images.toString(), "truncated");

        gzip(images, idxImages(IdxReader.IMAGES_MAGIC, 6, 4, 5, 0));
        assertMessage(() -> IdxReader.read(images, labels, 10), "6 images", "7 labels");

        Files.write(images, idxImages(IdxReader.IMAGES_MAGIC, 7, 4, 5, 0)); // not gzipped
        assertMessage(() -> IdxReader.read(images, labels, 10), images.toString(), "not gzip");

        byte[] gz = Files.readAllBytes(labels);
        Files.write(labels, Arrays.copyOf(gz, gz.length / 2));
        gzip(images, idxImages(IdxReader.IMAGES_MAGIC, 7, 4, 5, 0));
        assertMessage(() -> IdxReader.read(images, labels, 10), labels.toString(), "truncated");

        assertMessage(() -> IdxReader.readTraining(dir.resolve("nowhere"), 10), "nowhere", "missing");
        gzip(labels, idxLabels(7, 10));
        assertMessage(() -> IdxReader.read(images, labels, 5), labels.toString(), "label 5");
    }

    /** CIFAR records whose label is i mod classes and whose pixels encode (image, channel). */
    static byte[] cifarRecords(int count, int labelBytes, int classes) {
        int record = labelBytes + 3072;
        byte[] bytes = new byte[count * record];
        for (int i = 0; i < count; i++) {
            if (labelBytes == 2) {
                bytes[i * record] = (byte) (i % 20); // coarse label: ignored
            }
            bytes[i * record + labelBytes - 1] = (byte) (i % classes);
            for (int p = 0; p < 3072; p++) {
                bytes[i * record + labelBytes + p] = (byte) (10 * i + 100 * (p / 1024));
            }
        }
        return bytes;
    }

    @Test
    void readsCifar10AndCifar100Binaries() throws IOException {
        for (int batch = 1; batch <= 5; batch++) {
            Files.write(dir.resolve("data_batch_" + batch + ".bin"), cifarRecords(2, 1, 10));
        }
        ImageDataset cifar10 = CifarBinaryReader.readTraining(dir, CifarBinaryReader.Variant.CIFAR10);
        assertEquals(10, cifar10.size());
        assertEquals(3, cifar10.channels());
        assertEquals(1, cifar10.label(3)); // second record of batch 2
        assertEquals(((10 + 200) & 0xff) / 255f, cifar10.pixel(3, 2, 31, 31), 1e-7);

        Files.write(dir.resolve("train.bin"), cifarRecords(5, 2, 100));
        ImageDataset cifar100 = CifarBinaryReader.readTraining(dir, CifarBinaryReader.Variant.CIFAR100);
        assertEquals(5, cifar100.size());
        assertEquals(100, cifar100.classes());
        assertEquals(4, cifar100.label(4));
    }

    @Test
    void corruptCifarFilesAreRejectedWithThePathAndTheProblem() throws IOException {
        Path file = dir.resolve("train.bin");
        byte[] records = cifarRecords(3, 2, 100);
        Files.write(file, Arrays.copyOf(records, records.length - 10));
        assertMessage(() -> CifarBinaryReader.read(List.of(file), CifarBinaryReader.Variant.CIFAR100), file.toString(), "truncated");
        Files.write(file, cifarRecords(3, 1, 10)); // a CIFAR-10 file read as CIFAR-100
        assertMessage(() -> CifarBinaryReader.read(List.of(file), CifarBinaryReader.Variant.CIFAR100), file.toString(), "multiple");
        assertMessage(() -> CifarBinaryReader.readTraining(dir, CifarBinaryReader.Variant.CIFAR10), "data_batch_1.bin", "missing");
        byte[] badLabel = cifarRecords(1, 1, 10);
        badLabel[0] = 12;
        Files.write(file, badLabel);
        assertMessage(() -> CifarBinaryReader.read(List.of(file), CifarBinaryReader.Variant.CIFAR10), file.toString(), "label 12");
    }

    @Test
    void splitIsSeededDisjointAndNormalisedWithTrainingStatistics() throws IOException {
        Files.write(dir.resolve("train.bin"), cifarRecords(40, 2, 100));
        DatasetSource source = new DatasetSource(dir.toString(), DatasetSource.Format.CIFAR100, 30, 0.2, 5);
        ImageDataset.Split split = source.load();
        assertEquals(24, split.train().size());
        assertEquals(6, split.validation().size());
        assertTrue(source.load() == split, "loaded once per JVM");
        ImageDataset.Split again = new DatasetSource(dir.toString(), DatasetSource.Format.CIFAR100, 30, 0.2, 5).readUncached();
        assertEquals(split.validation().label(0), again.validation().label(0));
        double[] means = split.train().channelMeans();
        double[] stds = split.train().channelStds(means);
        for (int c = 0; c < 3; c++) {
            assertEquals(0, means[c], 1e-5);
            assertEquals(1, stds[c], 1e-4);
        }
        assertMessage(() -> new DatasetSource("x", DatasetSource.Format.CIFAR10, 0, 1.5, 1), "validationFraction");
    }

    private static void assertMessage(Runnable action, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should mention '" + part + "'");
        }
    }
}
