package io.sparknas.jobs.testing;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Grey uint8 images in the forms the dl4j-train evaluator's {@code table} and {@code image-folder}
 * datasets read: PNG bytes, a folder of PNG files per class, a Parquet table of float arrays. Shared by
 * TrainingImagesTest and the bad-input catalogue.
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
}
