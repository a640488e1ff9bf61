package io.sparknas.evaluation.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CIFAR binary format: fixed-size records of label byte(s) followed by 3×32×32 pixel bytes
 * (red plane, green plane, blue plane; rows top to bottom). CIFAR-10 has one label byte per record;
 * CIFAR-100 two (coarse, then fine) — the fine label is used. Pixels become values / 255.
 */
public final class CifarBinaryReader {
    public static final int CHANNELS = 3;
    public static final int SIZE = 32;
    private static final int IMAGE_BYTES = CHANNELS * SIZE * SIZE;

    /** Which of the two standard variants a file follows. */
    public enum Variant {
        CIFAR10(1, 10), CIFAR100(2, 100);

        final int labelBytes;
        final int classes;

        Variant(int labelBytes, int classes) {
            this.labelBytes = labelBytes;
            this.classes = classes;
        }

        int recordBytes() {
            return labelBytes + IMAGE_BYTES;
        }

        public int classes() {
            return classes;
        }
    }

    private CifarBinaryReader() {
    }

    /** The training files of an extracted archive folder: {@code data_batch_1..5.bin} (CIFAR-10) or {@code train.bin} (CIFAR-100). */
    public static ImageDataset readTraining(Path folder, Variant variant) {
        return read(trainingFiles(variant).stream().map(folder::resolve).toList(), variant);
    }

    /** The names of a variant's training files, in reading order. */
    public static List<String> trainingFiles(Variant variant) {
        if (variant == Variant.CIFAR10) {
            List<String> names = new ArrayList<>();
            for (int batch = 1; batch <= 5; batch++) {
                names.add("data_batch_" + batch + ".bin");
            }
            return names;
        }
        return List.of("train.bin");
    }

    /** The test file of a variant: {@code test_batch.bin} (CIFAR-10) or {@code test.bin} (CIFAR-100). */
    public static String testFile(Variant variant) {
        return variant == Variant.CIFAR10 ? "test_batch.bin" : "test.bin";
    }

    /** The test split of an extracted archive folder ({@link #testFile}). */
    public static ImageDataset readTest(Path folder, Variant variant) {
        return read(List.of(folder.resolve(testFile(variant))), variant);
    }

    public static ImageDataset read(List<Path> files, Variant variant) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no CIFAR binary files given");
        }
        List<byte[]> contents = new ArrayList<>();
        long records = 0;
        for (Path file : files) {
            byte[] bytes = readFile(file);
            if (bytes.length == 0 || bytes.length % variant.recordBytes() != 0) {
                throw new IllegalArgumentException(file + " is truncated or not " + variant + " binary: " + bytes.length
                        + " bytes is not a positive multiple of the " + variant.recordBytes() + "-byte record");
            }
            contents.add(bytes);
            records += bytes.length / variant.recordBytes();
        }
        if (records * IMAGE_BYTES > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(records + " CIFAR images do not fit one array");
        }
        float[] pixels = new float[(int) records * IMAGE_BYTES];
        int[] labels = new int[(int) records];
        int image = 0;
        for (int f = 0; f < contents.size(); f++) {
            byte[] bytes = contents.get(f);
            for (int offset = 0; offset < bytes.length; offset += variant.recordBytes(), image++) {
                int label = bytes[offset + variant.labelBytes - 1] & 0xff;
                if (label >= variant.classes) {
                    throw new IllegalArgumentException(files.get(f) + ": label " + label + " of record "
                            + offset / variant.recordBytes() + " is outside 0.." + (variant.classes - 1)
                            + " (is this really " + variant + "?)");
                }
                labels[image] = label;
                int pixelStart = offset + variant.labelBytes;
                for (int i = 0; i < IMAGE_BYTES; i++) {
                    pixels[image * IMAGE_BYTES + i] = (bytes[pixelStart + i] & 0xff) / 255f;
                }
            }
        }
        return new ImageDataset(pixels, labels, CHANNELS, SIZE, SIZE, variant.classes);
    }

    private static byte[] readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("CIFAR binary file missing: " + file);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " cannot be read: " + e, e);
        }
    }
}
