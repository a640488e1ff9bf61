package io.sparknas.evaluation.data;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Pixels of one image as floats in CHW order, in [0, 1] for integer pixels, from the three forms a table
 * or a folder holds: an encoded image (PNG, JPEG or any format javax.imageio reads), raw unsigned bytes,
 * or an array of numbers (taken as they are). Raw bytes and arrays are HWC (channels last, the order of
 * most image libraries) or CHW.
 */
public final class ImageDecoder {

    /** An image's shape. */
    public record Shape(int channels, int height, int width) {
        public Shape {
            if (channels <= 0 || height <= 0 || width <= 0) {
                throw new IllegalArgumentException("channels, height and width must be positive, got "
                        + channels + "x" + height + "x" + width);
            }
        }

        /** Values per image. */
        public int size() {
            return channels * height * width;
        }

        @Override
        public String toString() {
            return channels + "x" + height + "x" + width;
        }
    }

    /** A decoded image: its shape and its pixels (CHW). */
    public record Image(Shape shape, float[] pixels) {
    }

    /** Formats javax.imageio would claim without a signature to check. */
    private static final Set<String> UNSIGNED_FORMATS = Set.of("wbmp");

    private ImageDecoder() {
    }

    /**
     * Decodes an encoded image with javax.imageio (PNG, JPEG, GIF, BMP: formats with a signature): grey images (8 or 16 bits) become one channel, any
     * other (RGB, palette; alpha dropped) three. Null when no installed reader recognises the bytes; an
     * {@link IllegalArgumentException} when one does but cannot decode them.
     */
    public static Image decode(byte[] bytes) {
        BufferedImage image = null;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            while (image == null && readers.hasNext()) {
                ImageReader reader = readers.next();
                // WBMP has no signature: its reader accepts almost any bytes (raw pixels starting with 0, say)
                if (UNSIGNED_FORMATS.contains(reader.getFormatName().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                try {
                    reader.setInput(in);
                    image = reader.read(0);
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot be decoded as an image (" + e.getMessage() + ")", e);
        }
        return image == null ? null : pixels(image);
    }

    private static Image pixels(BufferedImage image) {
        int height = image.getHeight();
        int width = image.getWidth();
        ColorModel model = image.getColorModel();
        if (model.getNumColorComponents() == 1 && !(model instanceof IndexColorModel)) {
            // grey: the raster's samples themselves (getRGB would pass them through a colour-space conversion)
            Raster raster = image.getRaster();
            float max = (float) ((1L << model.getComponentSize(0)) - 1);
            float[] out = new float[height * width];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    out[y * width + x] = raster.getSample(x, y, 0) / max;
                }
            }
            return new Image(new Shape(1, height, width), out);
        }
        int plane = height * width;
        float[] out = new float[3 * plane];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                out[y * width + x] = ((rgb >> 16) & 0xff) / 255f;
                out[plane + y * width + x] = ((rgb >> 8) & 0xff) / 255f;
                out[2 * plane + y * width + x] = (rgb & 0xff) / 255f;
            }
        }
        return new Image(new Shape(3, height, width), out);
    }

    /** Raw unsigned bytes of {@code shape} (value / 255); the length must be {@code shape.size()}. */
    public static float[] raw(byte[] bytes, Shape shape, boolean channelsLast) {
        requireLength(bytes.length, shape);
        float[] values = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = (bytes[i] & 0xff) / 255f;
        }
        return channelsLast ? toChw(values, shape) : values;
    }

    /** An array of numbers of {@code shape}, taken as they are; the length must be {@code shape.size()}. */
    public static float[] values(List<? extends Number> numbers, Shape shape, boolean channelsLast) {
        requireLength(numbers.size(), shape);
        float[] values = new float[numbers.size()];
        for (int i = 0; i < values.length; i++) {
            Number n = numbers.get(i);
            if (n == null) {
                throw new IllegalArgumentException("holds a null at position " + i);
            }
            values[i] = n.floatValue();
        }
        return channelsLast ? toChw(values, shape) : values;
    }

    private static void requireLength(int length, Shape shape) {
        if (length != shape.size()) {
            throw new IllegalArgumentException("holds " + length + " values, but " + shape + " images need "
                    + shape.size());
        }
    }

    /** HWC (channels last) to CHW. */
    static float[] toChw(float[] hwc, Shape shape) {
        if (shape.channels() == 1) {
            return hwc;
        }
        int c = shape.channels();
        int plane = shape.height() * shape.width();
        float[] chw = new float[hwc.length];
        for (int p = 0; p < plane; p++) {
            for (int k = 0; k < c; k++) {
                chw[k * plane + p] = hwc[p * c + k];
            }
        }
        return chw;
    }

    /** Equally shaped images and their labels as one dataset. */
    public static ImageDataset dataset(List<float[]> images, int[] labels, Shape shape, int classes) {
        float[] pixels = new float[images.size() * shape.size()];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, pixels, i * shape.size(), shape.size());
        }
        return new ImageDataset(pixels, labels, shape.channels(), shape.height(), shape.width(), classes);
    }
}
