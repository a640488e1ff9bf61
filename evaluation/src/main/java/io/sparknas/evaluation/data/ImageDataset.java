package io.sparknas.evaluation.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Images as one float array in NCHW order (pixels scaled to [0, 1] by the readers, standardised by
 * {@link #normalised}) with integer labels. Immutable: every transformation returns a new dataset.
 * Serialisable, so that images decoded on the driver can be broadcast to the executors.
 */
public final class ImageDataset implements Serializable {
    private static final long serialVersionUID = 1L;
    static {
        io.sparknas.evaluation.dl4j.Dl4jNatives.configure(); // before ND4J loads (batches are ND4J arrays)
    }

    private final float[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final int classes;

    public ImageDataset(float[] pixels, int[] labels, int channels, int height, int width, int classes) {
        if (channels <= 0 || height <= 0 || width <= 0 || classes <= 0) {
            throw new IllegalArgumentException("channels, height, width and classes must be positive, got "
                    + channels + "x" + height + "x" + width + ", " + classes + " classes");
        }
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels need " + (long) labels.length * channels * height * width
                    + " pixel values at " + channels + "x" + height + "x" + width + ", got " + pixels.length);
        }
        for (int label : labels) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
            }
        }
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = classes;
    }

    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int classes() {
        return classes;
    }

    public int label(int index) {
        return labels[index];
    }

    public float pixel(int image, int channel, int row, int column) {
        return pixels[((image * channels + channel) * height + row) * width + column];
    }

    private int imageSize() {
        return channels * height * width;
    }

    /** The images at {@code indices}, in that order. */
    public ImageDataset select(int[] indices) {
        int imageSize = imageSize();
        float[] chosenPixels = new float[indices.length * imageSize];
        int[] chosenLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * imageSize, chosenPixels, i * imageSize, imageSize);
            chosenLabels[i] = labels[indices[i]];
        }
        return new ImageDataset(chosenPixels, chosenLabels, channels, height, width, classes);
    }

    /**
     * The same images in a canonical order: by label, then by pixel values. The order then depends only
     * on the data, not on how a table is split into files or how image files are named, so that a seeded
     * subset and split of the same images are always the same.
     */
    public ImageDataset canonical() {
        int imageSize = imageSize();
        Comparator<Integer> byContent = (a, b) -> {
            int c = Integer.compare(labels[a], labels[b]);
            for (int i = 0; c == 0 && i < imageSize; i++) {
                c = Float.compare(pixels[a * imageSize + i], pixels[b * imageSize + i]);
            }
            return c;
        };
        return select(IntStream.range(0, size()).boxed().sorted(byContent).mapToInt(Integer::intValue).toArray());
    }

    /** A SHA-256 (hex) of the shape, the classes, the labels and the pixels: equal digests, equal data. */
    public String contentDigest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            for (int v : new int[] {channels, height, width, classes, labels.length}) {
                buffer.putInt(v);
            }
            for (int label : labels) {
                flushIfFull(sha, buffer);
                buffer.putInt(label);
            }
            for (float pixel : pixels) {
                flushIfFull(sha, buffer);
                buffer.putFloat(pixel);
            }
            sha.update(buffer.array(), 0, buffer.position());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void flushIfFull(MessageDigest sha, ByteBuffer buffer) {
        if (buffer.remaining() < Integer.BYTES) {
            sha.update(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
    }

    /** A random subset of {@code count} images (all of them, shuffled, when count ≥ size). */
    public ImageDataset subset(int count, long seed) {
        int[] order = permutation(size(), seed);
        return select(Arrays.copyOf(order, Math.min(count, size())));
    }

    /**
     * A seeded random split: {@code validationFraction} of the images (at least one when the fraction
     * is positive) go to validation, the rest to training.
     */
    public Split split(double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1), got " + validationFraction);
        }
        int validation = validationFraction == 0 ? 0 : Math.max(1, (int) Math.round(size() * validationFraction));
        if (validation >= size()) {
            throw new IllegalArgumentException("cannot split " + size() + " images with validation fraction "
                    + validationFraction + ": nothing would be left to train on");
        }
        int[] order = permutation(size(), seed);
        return new Split(select(Arrays.copyOfRange(order, validation, size())), select(Arrays.copyOf(order, validation)));
    }

    /** Per-channel mean over all images and pixels. */
    public double[] channelMeans() {
        double[] sums = new double[channels];
        int plane = height * width;
        for (int i = 0; i < pixels.length; i++) {
            sums[(i / plane) % channels] += pixels[i];
        }
        double count = (double) size() * plane;
        return Arrays.stream(sums).map(s -> s / count).toArray();
    }

    /** Per-channel (population) standard deviation around {@code means}. */
    public double[] channelStds(double[] means) {
        double[] squares = new double[channels];
        int plane = height * width;
        for (int i = 0; i < pixels.length; i++) {
            double d = pixels[i] - means[(i / plane) % channels];
            squares[(i / plane) % channels] += d * d;
        }
        double count = (double) size() * plane;
        return Arrays.stream(squares).map(s -> Math.sqrt(s / count)).toArray();
    }

    /** {@code (x - mean_c) / std_c} per channel; a constant channel (std 0) is only centred. */
    public ImageDataset normalised(double[] means, double[] stds) {
        if (means.length != channels || stds.length != channels) {
            throw new IllegalArgumentException("need one mean and one std per channel (" + channels + "), got "
                    + means.length + " and " + stds.length);
        }
        float[] out = new float[pixels.length];
        int plane = height * width;
        for (int i = 0; i < pixels.length; i++) {
            int c = (i / plane) % channels;
            double std = stds[c] > 0 ? stds[c] : 1;
            out[i] = (float) ((pixels[i] - means[c]) / std);
        }
        return new ImageDataset(out, labels, channels, height, width, classes);
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive) of {@code order} as features [b,C,H,W] and one-hot labels. */
    public DataSet batch(int[] order, int from, int to, DataType type) {
        int count = to - from;
        int imageSize = imageSize();
        float[] features = new float[count * imageSize];
        float[] oneHot = new float[count * classes];
        for (int i = 0; i < count; i++) {
            int image = order[from + i];
            System.arraycopy(pixels, image * imageSize, features, i * imageSize, imageSize);
            oneHot[i * classes + labels[image]] = 1f;
        }
        INDArray x = Nd4j.create(features, new long[] {count, channels, height, width}, 'c').castTo(type);
        INDArray y = Nd4j.create(oneHot, new long[] {count, classes}, 'c').castTo(type);
        return new DataSet(x, y);
    }

    public static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random rng = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** A training part and a validation part of one dataset. */
    public record Split(ImageDataset train, ImageDataset validation) {

        /** Both parts standardised with the training part's per-channel statistics (validation must not leak into them). */
        public Split normalised() {
            double[] means = train.channelMeans();
            double[] stds = train.channelStds(means);
            return new Split(train.normalised(means, stds), validation.normalised(means, stds));
        }
    }
}
