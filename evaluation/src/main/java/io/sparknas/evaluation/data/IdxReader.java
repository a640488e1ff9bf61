package io.sparknas.evaluation.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads gzipped IDX files (the MNIST / Fashion-MNIST layout): images {@code *-images-idx3-ubyte.gz}
 * (magic 0x00000803: unsigned bytes, 3 dimensions N×H×W) and labels {@code *-labels-idx1-ubyte.gz}
 * (magic 0x00000801). Images become one channel, pixels / 255.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    /** The training images of a Fashion-MNIST folder, as Debian's dataset-fashion-mnist installs them. */
    public static final String TRAINING_IMAGES = "train-images-idx3-ubyte.gz";
    public static final String TRAINING_LABELS = "train-labels-idx1-ubyte.gz";
    /** The test split of a Fashion-MNIST folder ({@code t10k-…}). */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

    private IdxReader() {
    }

    /** The training part of a Fashion-MNIST folder ({@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz}). */
    public static ImageDataset readTraining(Path folder, int classes) {
        return read(folder.resolve(TRAINING_IMAGES), folder.resolve(TRAINING_LABELS), classes);
    }

    /** The test part of a Fashion-MNIST folder ({@code t10k-…}). */
    public static ImageDataset readTest(Path folder, int classes) {
        return read(folder.resolve(TEST_IMAGES), folder.resolve(TEST_LABELS), classes);
    }

    public static ImageDataset read(Path images, Path labels, int classes) {
        Images pixels = readImages(images);
        int[] labelValues = readLabels(labels, classes);
        if (labelValues.length != pixels.count) {
            throw new IllegalArgumentException("IDX files disagree: " + images + " holds " + pixels.count + " images but "
                    + labels + " holds " + labelValues.length + " labels");
        }
        return new ImageDataset(pixels.values, labelValues, 1, pixels.height, pixels.width, classes);
    }

    private record Images(int count, int height, int width, float[] values) {
    }

    private static Images readImages(Path path) {
        try (DataInputStream in = open(path)) {
            requireMagic(path, in.readInt(), IMAGES_MAGIC, "an unsigned-byte image file with 3 dimensions");
            int count = nonNegative(path, "image count", in.readInt());
            int height = nonNegative(path, "height", in.readInt());
            int width = nonNegative(path, "width", in.readInt());
            long total = (long) count * height * width;
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(path + ": header announces " + total + " pixels, too many for one array");
            }
            byte[] raw = readFully(in, path, (int) total, count + " images of " + height + "x" + width);
            float[] values = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                values[i] = (raw[i] & 0xff) / 255f;
            }
            return new Images(count, height, width, values);
        } catch (EOFException e) {
            throw new IllegalArgumentException(path + " is truncated: the data ends early (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw unreadable(path, e);
        }
    }

    private static int[] readLabels(Path path, int classes) {
        try (DataInputStream in = open(path)) {
            requireMagic(path, in.readInt(), LABELS_MAGIC, "an unsigned-byte label file with 1 dimension");
            int count = nonNegative(path, "label count", in.readInt());
            byte[] raw = readFully(in, path, count, count + " labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xff;
                if (labels[i] >= classes) {
                    throw new IllegalArgumentException(path + ": label " + labels[i] + " at index " + i
                            + " is outside 0.." + (classes - 1));
                }
            }
            return labels;
        } catch (EOFException e) {
            throw new IllegalArgumentException(path + " is truncated: the data ends early (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw unreadable(path, e);
        }
    }

    private static DataInputStream open(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("IDX file missing: " + path);
        }
        InputStream raw = Files.newInputStream(path);
        try {
            return new DataInputStream(new GZIPInputStream(raw, 1 << 16));
        } catch (ZipException e) {
            raw.close();
            throw new IllegalArgumentException(path + " is not gzip-compressed (" + e.getMessage() + ")", e);
        }
    }

    private static void requireMagic(Path path, int magic, int expected, String what) {
        if (magic != expected) {
            throw new IllegalArgumentException(String.format("%s: bad magic number 0x%08x, expected 0x%08x (%s)",
                    path, magic, expected, what));
        }
    }

    private static int nonNegative(Path path, String field, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(path + ": negative " + field + " " + value + " in the IDX header");
        }
        return value;
    }

    private static byte[] readFully(InputStream in, Path path, int length, String what) throws IOException {
        byte[] data = in.readNBytes(length);
        if (data.length < length) {
            throw new IllegalArgumentException(path + " is truncated: header announces " + what + " (" + length
                    + " bytes) but only " + data.length + " follow");
        }
        return data;
    }

    private static IllegalArgumentException unreadable(Path path, IOException e) {
        return new IllegalArgumentException(path + " cannot be read as gzipped IDX: " + e, e);
    }
}
