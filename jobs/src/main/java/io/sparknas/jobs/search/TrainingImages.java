package io.sparknas.jobs.search;

import io.sparknas.evaluation.data.DecodedImages;
import io.sparknas.evaluation.data.ImageDataset;
import io.sparknas.evaluation.data.ImageDecoder;
import io.sparknas.evaluation.data.ImageSupply;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code table} and {@code image-folder} datasets of {@code evaluator.dl4j-train}: read with Spark's
 * readers <em>on the driver</em> (Delta, Parquet or a catalog table; {@code binaryFile} for a folder),
 * decoded there (javax.imageio for PNG / JPEG), checked row by row, and broadcast as one compact float
 * array. Executors never read the table: a SparkSession is not usable inside a task, and a Delta table's
 * live files are only known through its log. Each executor fetches the broadcast once and caches the
 * split like the files it reads itself ({@link io.sparknas.evaluation.data.DatasetSource#load}). Reading
 * everything up front is also the check: bad data fails the command (exit 2, one line naming the table
 * or file, the column and the value) before the search writes anything.
 *
 * <p>Rows are put in a canonical order (label, then pixels), so that the seeded subset and split depend
 * on the data only, not on the table's files or the images' names.
 */
public final class TrainingImages {
    /** The split column's values: rows with any other value are not used by the search. */
    public static final String TRAIN = "train";
    public static final String VALIDATION = "validation";
    /** The split column's value of the rows train-final measures on (the search never reads them). */
    public static final String TEST = "test";
    /** The file each row comes from ({@code input_file_name()}), for messages. */
    private static final String SOURCE = "_sparknas_source";

    private TrainingImages() {
    }

    /**
     * How a table holds its images.
     *
     * @param table        a path (Delta when it has a _delta_log, else Parquet) or a catalog table name
     * @param shape        the images' shape, or null to take it from the first encoded image
     * @param channelsLast raw bytes and arrays are HWC (else CHW)
     */
    public record TableSpec(String table, String imageColumn, String labelColumn, String splitColumn,
                            ImageDecoder.Shape shape, boolean channelsLast) {
    }

    /** The table of {@code evaluator.dl4j-train.table.*}. */
    public static TableSpec tableSpec(NasConfig config) {
        String table = TrainingEvaluators.TABLE.get(config).trim();
        if (table.isEmpty()) {
            throw TrainingEvaluators.TABLE.error("must be set when evaluator.dl4j-train.dataset = table");
        }
        int channels = TrainingEvaluators.CHANNELS.get(config);
        int height = TrainingEvaluators.HEIGHT.get(config);
        int width = TrainingEvaluators.WIDTH.get(config);
        ImageDecoder.Shape shape = null;
        if (channels > 0 || height > 0 || width > 0) {
            if (channels == 0 || height == 0 || width == 0) {
                throw TrainingEvaluators.CHANNELS.error(": set channels, height and width together (got "
                        + channels + "x" + height + "x" + width + ")");
            }
            shape = new ImageDecoder.Shape(channels, height, width);
        }
        return new TableSpec(table, TrainingEvaluators.IMAGE_COLUMN.get(config).trim(),
                TrainingEvaluators.LABEL_COLUMN.get(config).trim(), TrainingEvaluators.SPLIT_COLUMN.get(config).trim(),
                shape, TrainingEvaluators.PIXEL_ORDER.get(config).equals("hwc"));
    }

    /** Reads, checks and decodes a table; bad data is a {@link BadInputException} naming the table (or file), the column and the value. */
    public static DecodedImages readTable(SparkSession spark, TableSpec spec) {
        Rows read = decodeRows(spark, spec, false);
        boolean split = !spec.splitColumn().isEmpty();
        if (split && read.images().stream().noneMatch(l -> TRAIN.equals(l.part()))) {
            throw bad(read.where() + ": split column '" + spec.splitColumn() + "' has no '" + TRAIN + "' row");
        }
        if (split && read.images().stream().noneMatch(Labelled::validation)) {
            throw bad(read.where() + ": split column '" + spec.splitColumn() + "' has no '" + VALIDATION + "' row");
        }
        return assemble(read.labelsAt(), read.images(), read.shape(), read.textLabels(), split);
    }

    /**
     * The images of a final training on the run's table: every {@code train} and {@code validation} row to train
     * on ({@link DecodedImages#train()}), and the rows the split column marks {@code test} to measure on, returned
     * as {@link DecodedImages#validation()}, with the class indices of the training rows. A table without a split
     * column or without a {@code test} row, or a test row of a class the training rows lack, is bad input.
     */
    public static DecodedImages readTableForFinal(SparkSession spark, TableSpec spec) {
        if (spec.splitColumn().isEmpty()) {
            throw TrainingEvaluators.SPLIT_COLUMN.error("is empty: train-final measures on the table's rows whose split "
                    + "column says '" + TEST + "', so the run's table needs one (values " + TRAIN + ", " + VALIDATION + ", " + TEST + ")");
        }
        Rows read = decodeRows(spark, spec, true);
        List<Labelled> train = read.images().stream().filter(l -> !TEST.equals(l.part()))
                .map(l -> new Labelled(l.pixels(), l.label(), TRAIN)).toList();
        List<Labelled> test = read.images().stream().filter(l -> TEST.equals(l.part())).toList();
        if (train.isEmpty()) {
            throw bad(read.where() + ": split column '" + spec.splitColumn() + "' has no '" + TRAIN + "' or '" + VALIDATION + "' row");
        }
        if (test.isEmpty()) {
            throw bad(read.where() + ": split column '" + spec.splitColumn() + "' has no '" + TEST
                    + "' row: train-final measures on them");
        }
        LabelIndex index = labelIndex(read.labelsAt(), train, read.textLabels());
        ImageDataset trainSet = index.dataset(train, read.shape());
        for (Labelled l : test) {
            if (!index.knows(l.label())) {
                throw bad(read.where() + ": a '" + TEST + "' row is labelled " + l.label() + ", a class no '" + TRAIN
                        + "' or '" + VALIDATION + "' row has");
            }
        }
        return DecodedImages.of(trainSet, index.dataset(test, read.shape()));
    }

    /** A table's rows decoded: the images and the parts they belong to, their shape, and how labels read. */
    private record Rows(String where, String labelsAt, List<Labelled> images, ImageDecoder.Shape shape, boolean textLabels) {
    }

    /** Reads and decodes the table's rows of the parts a search uses (and the {@code test} rows when {@code withTest}). */
    private static Rows decodeRows(SparkSession spark, TableSpec spec, boolean withTest) {
        String where = "table " + spec.table();
        Dataset<Row> frame = open(spark, spec.table(), where);
        List<String> columns = Arrays.asList(frame.columns());
        DataType imageType = columnType(frame, spec.imageColumn(), TrainingEvaluators.IMAGE_COLUMN.key(), where, columns);
        DataType labelType = columnType(frame, spec.labelColumn(), TrainingEvaluators.LABEL_COLUMN.key(), where, columns);
        boolean split = !spec.splitColumn().isEmpty();
        if (split) {
            columnType(frame, spec.splitColumn(), TrainingEvaluators.SPLIT_COLUMN.key(), where, columns);
        }
        boolean encodedOrRaw = imageType instanceof BinaryType;
        boolean array = imageType instanceof ArrayType a && a.elementType() instanceof NumericType;
        if (!encodedOrRaw && !array) {
            throw bad(where + ": image column '" + spec.imageColumn() + "' is " + imageType.simpleString()
                    + ", expected binary (PNG / JPEG bytes or raw uint8 pixels) or an array of numbers");
        }
        if (array && spec.shape() == null) {
            throw bad(where + ": image column '" + spec.imageColumn() + "' is " + imageType.simpleString()
                    + ": set evaluator.dl4j-train.table.channels, .height and .width for arrays of pixels");
        }
        boolean textLabels = labelType instanceof StringType;
        if (!textLabels && !isIntegral(labelType)) {
            throw bad(where + ": label column '" + spec.labelColumn() + "' is " + labelType.simpleString()
                    + ", expected an integer (the class index) or a string (the class name)");
        }
        List<Column> selected = new ArrayList<>(List.of(functions.col(spec.imageColumn()), functions.col(spec.labelColumn())));
        if (split) {
            selected.add(functions.col(spec.splitColumn()).cast(DataTypes.StringType));
        }
        selected.add(functions.input_file_name().as(SOURCE));
        List<Row> rows;
        try {
            rows = frame.select(selected.toArray(Column[]::new)).collectAsList();
        } catch (Exception e) { // a corrupt or vanished data file (SparkException is checked in Java's eyes)
            throw bad(where + " cannot be read: " + oneLine(e), e);
        }
        if (rows.isEmpty()) {
            throw bad(where + " is empty: no images to train on");
        }

        List<Labelled> images = new ArrayList<>(rows.size());
        ImageDecoder.Shape shape = spec.shape();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            String source = row.getAs(SOURCE);
            String at = where + (source == null || source.isEmpty() ? "" : " (file " + source + ")");
            Object label = row.getAs(spec.labelColumn());
            if (label == null) {
                throw bad(at + ": label column '" + spec.labelColumn() + "' is null in row " + i);
            }
            String part = split ? row.getAs(spec.splitColumn()) : TRAIN;
            if (!TRAIN.equals(part) && !VALIDATION.equals(part) && !(withTest && TEST.equals(part))) {
                continue;
            }
            Object image = row.getAs(spec.imageColumn());
            if (image == null) {
                throw bad(at + ": image column '" + spec.imageColumn() + "' is null in the row labelled " + label);
            }
            String what = at + ": image column '" + spec.imageColumn() + "' of the row labelled " + label;
            float[] pixels;
            ImageDecoder.Shape found;
            if (array) {
                pixels = pixelsOf(what, () -> ImageDecoder.values(row.getList(row.fieldIndex(spec.imageColumn())),
                        spec.shape(), spec.channelsLast()));
                found = spec.shape();
            } else {
                byte[] bytes = (byte[]) image;
                ImageDecoder.Image decoded = decodeOrRaw(what, bytes, spec);
                pixels = decoded.pixels();
                found = decoded.shape();
            }
            if (shape == null) {
                shape = found;
            } else if (!shape.equals(found)) {
                throw bad(what + " is " + found + ", not " + shape + " like the " + (spec.shape() == null ? "first image" : "settings"));
            }
            images.add(new Labelled(pixels, label, part));
        }
        return new Rows(where, where + "'s label column '" + spec.labelColumn() + "'", images, shape, textLabels);
    }

    /** Reads, checks and decodes a folder holding one sub-folder of images per class (class index: the sorted names). */
    public static DecodedImages readFolder(SparkSession spark, String folder) {
        String where = "image folder " + folder;
        Path root = requireExists(spark, folder, where);
        List<Row> files;
        try {
            files = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(folder)
                    .select("path", "content").collectAsList();
        } catch (Exception e) {
            throw bad(where + " cannot be read: " + oneLine(e), e);
        }
        if (files.isEmpty()) {
            throw bad(where + " is empty: expected one sub-folder of PNG / JPEG images per class");
        }
        String rootPath = root.toUri().getPath();
        List<Labelled> images = new ArrayList<>(files.size());
        ImageDecoder.Shape shape = null;
        String first = null;
        for (Row row : files) {
            String path = row.getAs("path");
            Path file = new Path(path);
            Path classFolder = file.getParent();
            if (classFolder == null || classFolder.getParent() == null
                    || !stripSlash(classFolder.getParent().toUri().getPath()).equals(stripSlash(rootPath))) {
                throw bad(where + ": " + path + " is not directly inside a class sub-folder");
            }
            byte[] bytes = row.getAs("content");
            ImageDecoder.Image decoded;
            try {
                decoded = ImageDecoder.decode(bytes);
            } catch (IllegalArgumentException e) {
                throw bad(where + ": " + path + " " + e.getMessage(), e);
            }
            if (decoded == null) {
                throw bad(where + ": " + path + " is not an image javax.imageio can read (PNG, JPEG, BMP, GIF)");
            }
            if (shape == null) {
                shape = decoded.shape();
                first = path;
            } else if (!shape.equals(decoded.shape())) {
                throw bad(where + ": " + path + " is " + decoded.shape() + ", not " + shape + " like " + first);
            }
            images.add(new Labelled(decoded.pixels(), classFolder.getName(), TRAIN));
        }
        return assemble(where + "'s class sub-folders", images, shape, true, false);
    }

    /** Broadcasts decoded images: every executor fetches them once. */
    public static ImageSupply broadcast(SparkSession spark, DecodedImages images) {
        return new BroadcastImages(JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(images), images.digest());
    }

    /** Images carried by a Spark broadcast; equal (for the per-JVM cache) when their digests are. */
    static final class BroadcastImages implements ImageSupply {
        private static final long serialVersionUID = 1L;
        private final Broadcast<DecodedImages> images;
        private final String digest;

        BroadcastImages(Broadcast<DecodedImages> images, String digest) {
            this.images = Objects.requireNonNull(images, "images");
            this.digest = Objects.requireNonNull(digest, "digest");
        }

        @Override
        public DecodedImages images() {
            return images.value();
        }

        @Override
        public String digest() {
            return digest;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ImageSupply supply && supply.digest().equals(digest);
        }

        @Override
        public int hashCode() {
            return digest.hashCode();
        }

        @Override
        public String toString() {
            return "broadcast images " + digest.substring(0, 12);
        }
    }

    /** An image, its label value and its part ({@link #TRAIN}, {@link #VALIDATION} or {@link #TEST}). */
    private record Labelled(float[] pixels, Object label, String part) {
        boolean validation() {
            return VALIDATION.equals(part);
        }
    }

    private interface PixelReader {
        float[] read();
    }

    private static float[] pixelsOf(String what, PixelReader reader) {
        try {
            return reader.read();
        } catch (IllegalArgumentException e) {
            throw bad(what + " " + e.getMessage(), e);
        }
    }

    /** Raw bytes when there are exactly as many as the configured shape has values, else an encoded image. */
    private static ImageDecoder.Image decodeOrRaw(String what, byte[] bytes, TableSpec spec) {
        if (spec.shape() != null && bytes.length == spec.shape().size()) {
            return new ImageDecoder.Image(spec.shape(), ImageDecoder.raw(bytes, spec.shape(), spec.channelsLast()));
        }
        ImageDecoder.Image decoded;
        IllegalArgumentException failure = null;
        try {
            decoded = ImageDecoder.decode(bytes);
        } catch (IllegalArgumentException e) {
            decoded = null;
            failure = e;
        }
        if (decoded != null) {
            return decoded;
        }
        if (failure != null) {
            throw bad(what + " " + failure.getMessage(), failure);
        }
        throw bad(what + " (" + bytes.length + " bytes) is neither an image javax.imageio can read nor raw pixels"
                + (spec.shape() == null ? " (raw uint8 pixels need evaluator.dl4j-train.table.channels, .height and .width)"
                : " of " + spec.shape() + " (" + spec.shape().size() + " bytes)"));
    }

    /** Label values to class indices (integers as they are; names sorted), checked, as one dataset (canonical order). */
    private static DecodedImages assemble(String labelsAt, List<Labelled> images, ImageDecoder.Shape shape, boolean names,
                                          boolean split) {
        LabelIndex index = labelIndex(labelsAt, images, names);
        if (!split) {
            return DecodedImages.of(index.dataset(images, shape));
        }
        return DecodedImages.of(index.dataset(images.stream().filter(l -> !l.validation()).toList(), shape),
                index.dataset(images.stream().filter(Labelled::validation).toList(), shape));
    }

    /** How label values become class indices: names in sorted order, or integers as they are (classes: the largest + 1). */
    private record LabelIndex(Map<String, Integer> names, int classes) {
        boolean knows(Object label) {
            if (names != null) {
                return names.containsKey(label.toString());
            }
            long value = ((Number) label).longValue();
            return value >= 0 && value < classes;
        }

        int of(Object label) {
            return names != null ? names.get(label.toString()) : ((Number) label).intValue();
        }

        ImageDataset dataset(List<Labelled> images, ImageDecoder.Shape shape) {
            return ImageDecoder.dataset(images.stream().map(Labelled::pixels).toList(),
                    images.stream().mapToInt(l -> of(l.label())).toArray(), shape, classes);
        }
    }

    /** The class indices of {@code images}' labels, checked: at least two classes, integers in 0..100000. */
    private static LabelIndex labelIndex(String labelsAt, List<Labelled> images, boolean names) {
        if (names) {
            TreeSet<String> sorted = new TreeSet<>();
            images.forEach(l -> sorted.add(l.label().toString()));
            if (sorted.size() < 2) {
                throw bad(labelsAt + " name" + (sorted.isEmpty() ? " no class" : " one class only ('" + sorted.first() + "')")
                        + ": a classifier needs at least two");
            }
            Map<String, Integer> index = new TreeMap<>();
            int k = 0;
            for (String name : sorted) {
                index.put(name, k++);
            }
            return new LabelIndex(index, sorted.size());
        }
        TreeSet<Long> distinct = new TreeSet<>();
        for (Labelled l : images) {
            long value = ((Number) l.label()).longValue();
            if (value < 0 || value > 100_000) {
                throw bad(labelsAt + " holds " + value + ": class indices must be in 0..100000");
            }
            distinct.add(value);
        }
        if (distinct.size() < 2) {
            throw bad(labelsAt + " holds " + (distinct.isEmpty() ? "no class" : "one class only (" + distinct.first() + ")")
                    + ": a classifier needs at least two");
        }
        return new LabelIndex(null, (int) (distinct.last() + 1));
    }

    private static Dataset<Row> open(SparkSession spark, String table, String where) {
        boolean path = table.contains("/") || table.contains(":") || table.contains("\\");
        try {
            if (!path) {
                return spark.table(table);
            }
            Path root = requireExists(spark, table, where);
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(new Path(root, "_delta_log"))) {
                return spark.read().format("delta").load(table);
            }
            return spark.read().parquet(table);
        } catch (BadInputException e) {
            throw e;
        } catch (Exception e) { // AnalysisException (no such table) is checked in Java's eyes
            throw bad(where + " cannot be read as " + (path ? "a Delta or Parquet table" : "a catalog table") + ": "
                    + oneLine(e), e);
        }
    }

    private static Path requireExists(SparkSession spark, String location, String where) {
        try {
            Path path = new Path(location);
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(path)) {
                throw bad(where + " does not exist");
            }
            if (!fs.getFileStatus(path).isDirectory()) {
                throw bad(where + " is a file, not a folder");
            }
            return fs.makeQualified(path);
        } catch (IOException e) {
            throw bad(where + " cannot be read: " + oneLine(e), e);
        }
    }

    private static DataType columnType(Dataset<Row> frame, String column, String key, String where, List<String> columns) {
        for (StructField field : frame.schema().fields()) {
            if (field.name().equals(column)) {
                return field.dataType();
            }
        }
        throw bad(where + " has no column '" + column + "' (" + key + "; columns: " + String.join(", ", columns) + ")");
    }

    private static boolean isIntegral(DataType type) {
        return type.equals(DataTypes.IntegerType) || type.equals(DataTypes.LongType) || type.equals(DataTypes.ShortType)
                || type.equals(DataTypes.ByteType);
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static BadInputException bad(String message) {
        return new BadInputException(TrainingEvaluators.NAMESPACE + ": " + message);
    }

    private static BadInputException bad(String message, Throwable cause) {
        return new BadInputException(TrainingEvaluators.NAMESPACE + ": " + message, cause);
    }
}
