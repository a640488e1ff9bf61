package io.sparknas.jobs.testing;

import io.sparknas.evaluation.data.ImageDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.zip.GZIPOutputStream;

/**
 * Grey uint8 images in the forms the dl4j-train evaluator's {@code table} and {@code image-folder}
 * datasets read: PNG bytes, a folder of PNG files per class, a Parquet table of float arrays; and any image dataset
 * as grey bytes and IDX files. Shared by TrainingImagesTest, TrainFinalTableTest and the bad-input catalogue.
 */
public final class TinyImages {

    /** Grey images (row-major bytes) and their labels. */
    public record Grey(byte[][] pixels, int[] labels, int height, int width) {
        public int size() {
            return labels.length;
        }
    }

    private TinyImages() {
    }

    /** Eight 2x2 grey images labelled {@code label(i)}. */
    public static Grey tiny(IntUnaryOperator label) {
        byte[][] pixels = new byte[8][];
        int[] labels = new int[8];
        for (int i = 0; i < 8; i++) {
            pixels[i] = new byte[] {(byte) (i * 30), (byte) (255 - i * 30), (byte) (i * 7), (byte) 128};
            labels[i] = label.applyAsInt(i);
        }
        return new Grey(pixels, labels, 2, 2);
    }

    /** A Parquet table of {@link #tiny} images: a float-array column "floats" (value / 255) and an int "label". */
    public static String floatTable(SparkSession spark, Path table, IntUnaryOperator label) {
        Grey images = tiny(label);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            rows.add(RowFactory.create(floats(images.pixels()[i]), images.labels()[i]));
        }
        spark.createDataFrame(rows, new StructType().add("floats", DataTypes.createArrayType(DataTypes.FloatType))
                .add("label", DataTypes.IntegerType)).write().parquet(table.toString());
        return table.toString();
    }

    /** Pixels as the IDX reader scales them (value / 255, in float). */
    public static List<Float> floats(byte[] pixels) {
        List<Float> values = new ArrayList<>(pixels.length);
        for (byte b : pixels) {
            values.add((b & 0xff) / 255f);
        }
        return values;
    }

    /** Image {@code index} as a grey PNG. */
    public static byte[] png(Grey images, int index) {
        BufferedImage image = new BufferedImage(images.width(), images.height(), BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, images.width(), images.height(), images.pixels()[index]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One sub-folder per label ("0", "1", …), image i as {@code 0000i.png}. */
    public static Path pngFolder(Path folder, Grey images) throws IOException {
        for (int i = 0; i < images.size(); i++) {
            Path classFolder = Files.createDirectories(folder.resolve(String.valueOf(images.labels()[i])));
            Files.write(classFolder.resolve(String.format("%05d.png", i)), png(images, i));
        }
        return folder;
    }

    /** An image dataset's pixels as grey bytes (channel 0, value x 255 rounded) and its labels. */
    public static Grey grey(ImageDataset data) {
        byte[][] pixels = new byte[data.size()][];
        int[] labels = new int[data.size()];
        for (int i = 0; i < data.size(); i++) {
            pixels[i] = new byte[data.height() * data.width()];
            for (int r = 0; r < data.height(); r++) {
                for (int c = 0; c < data.width(); c++) {
                    pixels[i][r * data.width() + c] = (byte) Math.round(data.pixel(i, 0, r, c) * 255f);
                }
            }
            labels[i] = data.label(i);
        }
        return new Grey(pixels, labels, data.height(), data.width());
    }

    /** Writes {@code images} as gzipped IDX files named {@code imagesFile} and {@code labelsFile} in {@code folder}. */
    public static Path writeIdx(Path folder, Grey images, String imagesFile, String labelsFile) throws IOException {
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(pixels);
        out.writeInt(0x803);
        out.writeInt(images.size());
        out.writeInt(images.height());
        out.writeInt(images.width());
        for (byte[] image : images.pixels()) {
            out.write(image);
        }
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        DataOutputStream labelOut = new DataOutputStream(labels);
        labelOut.writeInt(0x801);
        labelOut.writeInt(images.size());
        for (int label : images.labels()) {
            labelOut.writeByte(label);
        }
        gzip(folder.resolve(imagesFile), pixels.toByteArray());
        gzip(folder.resolve(labelsFile), labels.toByteArray());
        return folder;
    }

    private static void gzip(Path path, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
            out.write(content);
        }
    }
}
