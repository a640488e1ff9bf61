package io.sparknas.jobs.search;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.data.DecodedImages;
import io.sparknas.evaluation.data.IdxReader;
import io.sparknas.evaluation.data.ImageDecoder;
import io.sparknas.evaluation.data.ImageSupply;
import io.sparknas.evaluation.data.ImageDataset;
import io.sparknas.evaluation.dl4j.Dl4jTrainingEvaluator;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.engine.GenerationListener;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.jobs.testing.TinyImages;
import io.sparknas.population.space.Nb201Space;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code table} and {@code image-folder} datasets of the dl4j-train evaluator: the same Fashion-MNIST
 * images (seeded noise images where it is not installed) as IDX files, Parquet and Delta tables (raw bytes, float and double arrays, PNG bytes) and a
 * PNG folder train to the same accuracy; bad data stops the search before it writes anything.
 */
class TrainingImagesTest extends LocalSpark {
    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
    private static final Nb201Space SPACE = new Nb201Space();
    private static final String CELL = "|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2|";

    // ---- the equivalence -------------------------------------------------------------------------------------

    @Test
    @Tag("slow")
    void fashionMnistAsIdxParquetDeltaOrPngFolderTrainsToTheSameAccuracy(@TempDir Path dir) throws Exception {
        // -Dsparknas.test.stripes=true takes the noise path where Fashion-MNIST is installed (as TrainFinalJobTest)
        boolean fashion = !Boolean.getBoolean("sparknas.test.stripes") && Files.isRegularFile(FASHION.resolve(IdxReader.TRAINING_IMAGES));
        // the first 2000 training images (else 2000 seeded noise images of 10 classes: the pixels need not be
        // learnable to be the same), written in the canonical order the table / folder readers use
        ImageDataset first = (fashion ? IdxReader.readTraining(FASHION, 10).select(java.util.stream.IntStream.range(0, 2000).toArray())
                : noise(2000)).canonical();
        TinyImages.Grey images = TinyImages.grey(first);
        Path idx = TinyImages.writeIdx(Files.createDirectories(dir.resolve("idx")), images, IdxReader.TRAINING_IMAGES, IdxReader.TRAINING_LABELS);
        String parquet = dir.resolve("parquet").toString();
        spark().createDataFrame(rows(images, i -> images.pixels()[i], i -> images.labels()[i], true),
                        tableSchema(DataTypes.BinaryType, DataTypes.IntegerType, true))
                .repartition(3).write().parquet(parquet);
        String delta = dir.resolve("delta").toString();
        spark().createDataFrame(rows(images, i -> TinyImages.png(images, i), i -> String.valueOf(images.labels()[i]), false),
                        tableSchema(DataTypes.BinaryType, DataTypes.StringType, false))
                .repartition(2).write().format("delta").save(delta);
        Path folder = TinyImages.pngFolder(dir.resolve("png"), images);

        Map<String, NasConfig> configs = new LinkedHashMap<>();
        configs.put("idx", config("evaluator.dl4j-train.dataset=fashion-mnist", "evaluator.dl4j-train.folder=\"" + idx + "\""));
        configs.put("parquet raw bytes", tableConfig(parquet, "image", true));
        configs.put("parquet float array", tableConfig(parquet, "floats", true));
        configs.put("parquet double array", tableConfig(parquet, "doubles", true));
        configs.put("delta png bytes, string labels", tableConfig(delta, "image", false));
        configs.put("png folder", config("evaluator.dl4j-train.dataset=image-folder", "evaluator.dl4j-train.folder=\"" + folder + "\""));

        Candidate candidate = Candidate.of(SPACE, SPACE.parse(CELL));
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        Map<String, String> digests = new LinkedHashMap<>();
        Dl4jTrainingEvaluator last = null;
        for (Map.Entry<String, NasConfig> entry : configs.entrySet()) {
            Dl4jTrainingEvaluator evaluator = TrainingEvaluators.from(spark(), entry.getValue(), SPACE);
            EvaluationResult result = evaluator.evaluate(List.of(candidate)).get(0);
            assertTrue(result.isOk(), entry.getKey() + ": " + result.reason());
            metrics.put(entry.getKey(), result.metrics());
            digests.put(entry.getKey(), evaluator.configDigest());
            last = evaluator;
        }
        metrics.forEach((name, m) -> System.out.printf("%-32s val_acc %.4f%% train_loss %.9f%n", name, m.get("val_acc"),
                m.get("train_loss")));
        Map<String, Double> reference = metrics.get("idx");
        if (fashion) {
            assertTrue(reference.get("val_acc") > 30, "well above the 10% of chance: " + reference);
        }
        for (Map.Entry<String, Map<String, Double>> entry : metrics.entrySet()) {
            assertEquals(reference.get("val_acc"), entry.getValue().get("val_acc"), 1e-9, entry.getKey());
            assertEquals(reference.get("train_loss"), entry.getValue().get("train_loss"), 1e-9, entry.getKey());
            assertEquals(reference.get("params"), entry.getValue().get("params"), 0, entry.getKey());
        }
        // the same decoded images are the same data for the cross-run cache, whatever table form held them
        assertEquals(1, digests.entrySet().stream().filter(e -> e.getKey().startsWith("parquet") || e.getKey().startsWith("delta"))
                .map(Map.Entry::getValue).distinct().count(), digests.toString());
        assertFalse(digests.get("idx").equals(digests.get("png folder")), digests.toString());

        // inside a Spark task (the search's path): the evaluator ships with the broadcast, not the images
        Dl4jTrainingEvaluator shipped = last;
        List<Double> inTask = JavaSparkContext.fromSparkContext(spark().sparkContext()).parallelize(List.of(1), 1)
                .map(one -> shipped.evaluate(List.of(candidate)).get(0).metrics().get("val_acc")).collect();
        assertEquals(reference.get("val_acc"), inTask.get(0), 1e-9);

        // and a whole search on the Delta table: its evaluation rows are written as for dataset files
        Map<String, Object> summary = new SearchJob(spark(), new GenerationListener() { })
                .run(configs.get("delta png bytes, string labels"), "table-run");
        assertEquals(1L, summary.get("queries"), summary.toString());
        List<Row> rows = new ResultStore(spark(), dir.resolve("store").toString()).read(Tables.EVALUATIONS)
                .filter(functions.col("run_id").equalTo("table-run")).collectAsList();
        assertEquals(1, rows.size());
        assertEquals("OK", rows.get(0).getAs("status"), rows.toString());
        assertEquals("2ep", rows.get(0).getAs("fidelity"));
        assertTrue(Records.metrics(rows.get(0)).get("val_acc") >= 0, rows.toString());
    }

    @Test
    void aSplitColumnNamesTheValidationRowsAndLeavesOtherRowsOut(@TempDir Path dir) {
        TinyImages.Grey images = TinyImages.tiny(i -> i % 2);
        String table = dir.resolve("split").toString();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            rows.add(RowFactory.create(images.pixels()[i], images.labels()[i], i < 2 ? "test" : i < 4 ? "validation" : "train"));
        }
        spark().createDataFrame(rows, new StructType().add("image", DataTypes.BinaryType).add("label", DataTypes.IntegerType)
                .add("part", DataTypes.StringType)).write().format("delta").save(table);
        DecodedImages decoded = TrainingImages.readTable(spark(), new TrainingImages.TableSpec(table, "image", "label", "part",
                new ImageDecoder.Shape(1, 2, 2), true));
        assertEquals(4, decoded.train().size());
        assertEquals(2, decoded.validation().size());
        assertEquals(2, decoded.train().classes());
        // rows 2 (label 0) and 3 (label 1), raw bytes / 255, in canonical order (by label)
        assertEquals(0, decoded.validation().label(0));
        assertEquals((2 * 30) / 255f, decoded.validation().pixel(0, 0, 0, 0));
        assertEquals((255 - 2 * 30) / 255f, decoded.validation().pixel(0, 0, 0, 1));
        assertEquals(1, decoded.validation().label(1));
        assertEquals((3 * 7) / 255f, decoded.validation().pixel(1, 0, 1, 0));

        // the search's data: the table's own validation rows, whatever validation-fraction says
        ImageDataset.Split split = new DatasetSource(table, DatasetSource.Format.TABLE, 0, 0.5, 1,
                ImageSupply.inline(decoded)).load();
        assertEquals(4, split.train().size());
        assertEquals(2, split.validation().size());
    }

    @Test
    void aCatalogTableIsReadByItsName(@TempDir Path dir) {
        String path = TinyImages.floatTable(spark(), dir.resolve("tiny"), i -> i % 2);
        spark().read().parquet(path).createOrReplaceTempView("tiny_images");
        ImageDecoder.Shape shape = new ImageDecoder.Shape(1, 2, 2);
        DecodedImages byName = TrainingImages.readTable(spark(), new TrainingImages.TableSpec("tiny_images", "floats", "label",
                "", shape, true));
        DecodedImages byPath = TrainingImages.readTable(spark(), new TrainingImages.TableSpec(path, "floats", "label", "",
                shape, true));
        assertEquals(8, byName.train().size());
        assertEquals(null, byName.validation());
        assertEquals(byPath.digest(), byName.digest(), "the same images");

        BadInputException e = assertThrows(BadInputException.class, () -> TrainingImages.readTable(spark(),
                new TrainingImages.TableSpec("no_such_images", "floats", "label", "", shape, true)));
        assertTrue(e.getMessage().startsWith("evaluator.dl4j-train: table no_such_images cannot be read as a catalog table: "),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    // ---- bad data: exit 2 (BadInputException), one line, nothing written --------------------------------------

    @Test
    void aMissingColumnNamesTheTableAndTheColumn(@TempDir Path dir) {
        String table = TinyImages.floatTable(spark(), dir.resolve("tiny"), i -> i % 2);
        String message = badSearch(dir, tinyTableConfig(table, "evaluator.dl4j-train.table.label-column=class"));
        assertTrue(message.contains("table " + table + " has no column 'class'"), message);
        assertTrue(message.contains("columns: floats, label"), message);
    }

    @Test
    void anArrayOfTheWrongLengthNamesTheFileAndTheLabel(@TempDir Path dir) {
        String table = TinyImages.floatTable(spark(), dir.resolve("tiny"), i -> i % 2);
        String message = badSearch(dir, tinyTableConfig(table, "evaluator.dl4j-train.table.width=3"));
        assertTrue(message.contains("image column 'floats' of the row labelled "), message);
        assertTrue(message.contains("holds 4 values, but 1x2x3 images need 6"), message);
        assertTrue(message.contains("(file file:") && message.contains(table + "/part-"), message);
    }

    @Test
    void theMobilenetSpaceRefusesImagesOfAnotherShape(@TempDir Path dir) {
        String table = TinyImages.floatTable(spark(), dir.resolve("tiny"), i -> i % 2);
        BadInputException e = assertThrows(BadInputException.class, () -> TrainingEvaluators.from(spark(),
                tinyTableConfig(table), io.sparknas.population.space.MobileNetSpace.cifar(2)));
        assertEquals("config key 'evaluator.dl4j-train.dataset': the mobilenet space is built for 3x32x32 images "
                + "(hardware.input-channels, hardware.resolution), the dataset's are 1x2x2 (set hardware.input-channels = 1 "
                + "and hardware.resolution = 2)", e.getMessage());
    }

    @Test
    void anUndecodableImageNamesTheFile(@TempDir Path dir) throws IOException {
        Path folder = TinyImages.pngFolder(dir.resolve("png"), TinyImages.tiny(i -> i % 2));
        Path bad = Files.writeString(folder.resolve("1").resolve("broken.png"), "not an image");
        String message = badSearch(dir, folderConfig(folder));
        assertTrue(message.contains(bad.toString() + " is not an image javax.imageio can read"), message);
    }

    @Test
    void aTruncatedPngInATableNamesTheColumnAndTheLabel(@TempDir Path dir) {
        TinyImages.Grey images = TinyImages.tiny(i -> i % 2);
        String table = dir.resolve("t").toString();
        spark().createDataFrame(rows(images, i -> i == 3 ? java.util.Arrays.copyOf(TinyImages.png(images, i), 30) : TinyImages.png(images, i),
                i -> images.labels()[i], false), tableSchema(DataTypes.BinaryType, DataTypes.IntegerType, false)).write().parquet(table);
        String message = badSearch(dir, config("evaluator.dl4j-train.dataset=table", "evaluator.dl4j-train.table.path=\"" + table + "\""));
        assertTrue(message.contains("image column 'image' of the row labelled 1"), message);
        assertTrue(message.contains("cannot be decoded as an image"), message);
    }

    @Test
    void aSingleClassIsRefused(@TempDir Path dir) throws IOException {
        String table = TinyImages.floatTable(spark(), dir.resolve("tiny"), i -> 3);
        String message = badSearch(dir, tinyTableConfig(table));
        assertTrue(message.contains("label column 'label' holds one class only (3): a classifier needs at least two"), message);

        Path folder = TinyImages.pngFolder(dir.resolve("png"), TinyImages.tiny(i -> 0));
        String folderMessage = badSearch(dir, folderConfig(folder));
        assertTrue(folderMessage.contains("image folder " + folder + "'s class sub-folders name one class only ('0')"), folderMessage);
    }

    @Test
    void anEmptyTableOrFolderIsRefused(@TempDir Path dir) throws IOException {
        String table = dir.resolve("empty").toString();
        spark().createDataFrame(List.of(), tableSchema(DataTypes.BinaryType, DataTypes.IntegerType, true)).write().parquet(table);
        String message = badSearch(dir, config("evaluator.dl4j-train.dataset=table", "evaluator.dl4j-train.table.path=\"" + table + "\""));
        assertTrue(message.endsWith("table " + table + " is empty: no images to train on"), message);

        Path folder = Files.createDirectories(dir.resolve("nothing"));
        String folderMessage = badSearch(dir, folderConfig(folder));
        assertTrue(folderMessage.contains("image folder " + folder + " is empty"), folderMessage);
    }

    @Test
    void aMissingTableOrASplitWithoutValidationRowsIsRefused(@TempDir Path dir) {
        String absent = dir.resolve("absent").toString();
        String message = badSearch(dir, tinyTableConfig(absent));
        assertTrue(message.endsWith("table " + absent + " does not exist"), message);

        TinyImages.Grey images = TinyImages.tiny(i -> i % 2);
        String table = dir.resolve("split").toString();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            rows.add(RowFactory.create(images.pixels()[i], images.labels()[i], i < 2 ? "test" : "train"));
        }
        spark().createDataFrame(rows, new StructType().add("image", DataTypes.BinaryType).add("label", DataTypes.IntegerType)
                .add("part", DataTypes.StringType)).write().parquet(table);
        String splitMessage = badSearch(dir, config("evaluator.dl4j-train.dataset=table", "evaluator.dl4j-train.table.path=\"" + table + "\"",
                "evaluator.dl4j-train.table.split-column=part", "evaluator.dl4j-train.table.channels=1",
                "evaluator.dl4j-train.table.height=2", "evaluator.dl4j-train.table.width=2"));
        assertTrue(splitMessage.endsWith("split column 'part' has no 'validation' row"), splitMessage);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** Runs a search that must stop on bad input before writing: returns its one-line message. */
    private static String badSearch(Path dir, NasConfig config) {
        Path store = dir.resolve("store");
        BadInputException e = assertThrows(BadInputException.class,
                () -> new SearchJob(spark(), new GenerationListener() { }).run(config, "bad-data"));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("evaluator.dl4j-train: "), e.getMessage());
        assertFalse(Files.exists(store), "nothing written under " + store);
        return e.getMessage();
    }

    private static NasConfig config(String... sets) {
        List<String> all = new ArrayList<>(List.of("store.path=\"" + storeOf(sets) + "\"",
                "search.evaluator=dl4j-train", "search.strategy=random", "search.budget=1", "search.batch=1",
                "search.objectives=[\"val_acc:max\"]", "search.report=val_acc",
                "evaluator.dl4j-train.subset=1500", "evaluator.dl4j-train.validation-fraction=0.2",
                "evaluator.dl4j-train.stem-channels=4", "evaluator.dl4j-train.cells-per-stage=1",
                "evaluator.dl4j-train.optimizer=adam", "evaluator.dl4j-train.learning-rate=0.01",
                "evaluator.dl4j-train.batch-size=32", "evaluator.dl4j-train.epochs=2", "evaluator.dl4j-train.seed=3"));
        all.addAll(List.of(sets));
        return NasConfig.load(null, all);
    }

    /** The store: beside the data (the first path-valued setting's parent folder). */
    private static Path storeOf(String... sets) {
        for (String set : sets) {
            int quote = set.indexOf('"');
            if (quote >= 0) {
                return Path.of(set.substring(quote + 1, set.lastIndexOf('"'))).getParent().resolve("store");
            }
        }
        throw new IllegalArgumentException("no path among " + List.of(sets));
    }

    private static NasConfig tableConfig(String table, String column, boolean shape) {
        List<String> sets = new ArrayList<>(List.of("evaluator.dl4j-train.dataset=table", "evaluator.dl4j-train.table.path=\"" + table + "\"",
                "evaluator.dl4j-train.table.image-column=" + column));
        if (shape) {
            sets.addAll(List.of("evaluator.dl4j-train.table.channels=1", "evaluator.dl4j-train.table.height=28",
                    "evaluator.dl4j-train.table.width=28"));
        }
        return config(sets.toArray(String[]::new));
    }

    private static NasConfig tinyTableConfig(String table, String... more) {
        List<String> sets = new ArrayList<>(List.of("evaluator.dl4j-train.dataset=table", "evaluator.dl4j-train.table.path=\"" + table + "\"",
                "evaluator.dl4j-train.table.image-column=floats", "evaluator.dl4j-train.table.channels=1",
                "evaluator.dl4j-train.table.height=2", "evaluator.dl4j-train.table.width=2"));
        sets.addAll(List.of(more));
        return config(sets.toArray(String[]::new));
    }

    private static NasConfig folderConfig(Path folder) {
        return config("evaluator.dl4j-train.dataset=image-folder", "evaluator.dl4j-train.folder=\"" + folder + "\"");
    }

    /** Seeded random 28x28 grey images, labels 0..9 in turn. */
    private static ImageDataset noise(int count) {
        java.util.Random random = new java.util.Random(11);
        float[] pixels = new float[count * 28 * 28];
        int[] labels = new int[count];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256) / 255f;
        }
        for (int i = 0; i < count; i++) {
            labels[i] = i % 10;
        }
        return new ImageDataset(pixels, labels, 1, 28, 28, 10);
    }

    private static StructType tableSchema(org.apache.spark.sql.types.DataType image, org.apache.spark.sql.types.DataType label,
                                          boolean arrays) {
        StructType schema = new StructType().add("image", image).add("label", label);
        return arrays ? schema.add("floats", DataTypes.createArrayType(DataTypes.FloatType))
                .add("doubles", DataTypes.createArrayType(DataTypes.DoubleType)) : schema;
    }

    private static List<Row> rows(TinyImages.Grey images, java.util.function.IntFunction<byte[]> image,
                                  java.util.function.IntFunction<Object> label, boolean arrays) {
        List<Row> rows = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            byte[] pixels = images.pixels()[i];
            rows.add(arrays ? RowFactory.create(image.apply(i), label.apply(i), TinyImages.floats(pixels), doubles(pixels))
                    : RowFactory.create(image.apply(i), label.apply(i)));
        }
        return rows;
    }

    private static List<Double> doubles(byte[] pixels) {
        return TinyImages.floats(pixels).stream().map(Float::doubleValue).toList();
    }
}
