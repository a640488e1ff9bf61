package io.sparknas.jobs.models;

import io.sparknas.evaluation.data.DecodedImages;
import io.sparknas.evaluation.data.IdxReader;
import io.sparknas.evaluation.data.ImageDataset;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.engine.GenerationListener;
import io.sparknas.jobs.search.Records;
import io.sparknas.jobs.search.SearchJob;
import io.sparknas.jobs.search.TrainingImages;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.jobs.testing.TinyImages;
import io.sparknas.population.testing.StripesIdx;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * train-final on a run that trained on a table: the table's train and validation rows are the training data, its
 * rows whose split column says 'test' the test split. The same images as IDX files (training and t10k files, in
 * the canonical order the table reader puts rows in) and as a Parquet table of PNG bytes give the same model: the
 * same test accuracy on the same 200 test images, at the same seed.
 */
@Tag("slow")
class TrainFinalTableTest extends LocalSpark {
    @TempDir
    static Path dir;
    private static Path store;
    private static String table;
    private static Map<String, Object> idxModel;
    private static Map<String, Object> tableModel;

    /**
     * 300 training and 200 test images of 10 classes as IDX files and as a table, one search on each: the first of
     * Fashion-MNIST's training and t10k images where it is installed, else stripe images (12x12) labelled 0..9 in
     * turn (the labels need not be learnable for the two to train the same model).
     */
    @BeforeAll
    static void searchesAndFinalTrainings() throws IOException {
        Path fashion = Path.of("/usr/share/datasets/fashion-mnist");
        Path raw = Files.isRegularFile(fashion.resolve(IdxReader.TEST_LABELS)) ? fashion
                : StripesIdx.writeWithTest(Files.createDirectories(dir.resolve("raw")), 300, 200, 12, 5);
        TinyImages.Grey train = TinyImages.grey(first(IdxReader.readTraining(raw, 10), 300));
        TinyImages.Grey test = TinyImages.grey(first(IdxReader.readTest(raw, 10), 200));
        Path idx = Files.createDirectories(dir.resolve("idx"));
        TinyImages.writeIdx(idx, train, IdxReader.TRAINING_IMAGES, IdxReader.TRAINING_LABELS);
        TinyImages.writeIdx(idx, test, IdxReader.TEST_IMAGES, IdxReader.TEST_LABELS);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) { // the search's own split: every fourth training image validates
            rows.add(RowFactory.create(TinyImages.png(train, i), train.labels()[i], i % 4 == 0 ? "validation" : "train"));
        }
        for (int i = 0; i < test.size(); i++) {
            rows.add(RowFactory.create(TinyImages.png(test, i), test.labels()[i], "test"));
        }
        table = dir.resolve("images").toString();
        spark().createDataFrame(rows, new StructType().add("image", DataTypes.BinaryType).add("label", DataTypes.IntegerType)
                .add("split", DataTypes.StringType)).repartition(3).write().parquet(table);

        store = dir.resolve("store");
        search("idx-run", "evaluator.dl4j-train.folder=\"" + idx + "\"");
        search("table-run", "evaluator.dl4j-train.dataset=table", "evaluator.dl4j-train.table.path=\"" + table + "\"",
                "evaluator.dl4j-train.table.split-column=split");
        idxModel = finalModel("idx-run");
        tableModel = finalModel("table-run");
    }

    /**
     * The first {@code n} images, in the canonical order the table reader puts rows in; stripe images (two classes)
     * relabelled 0..9 in turn first (Fashion-MNIST's ten are kept).
     */
    private static ImageDataset first(ImageDataset data, int n) {
        ImageDataset head = data.select(java.util.stream.IntStream.range(0, n).toArray());
        if (java.util.stream.IntStream.range(0, n).map(head::label).max().orElse(0) < 9) {
            TinyImages.Grey grey = TinyImages.grey(head);
            float[] pixels = new float[n * grey.height() * grey.width()];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < grey.pixels()[i].length; p++) {
                    pixels[i * grey.pixels()[i].length + p] = (grey.pixels()[i][p] & 0xff) / 255f;
                }
                labels[i] = i % 10;
            }
            head = new ImageDataset(pixels, labels, 1, grey.height(), grey.width(), 10);
        }
        return head.canonical();
    }

    /** A random search of one candidate: the same seed proposes the same cell on either data. */
    private static void search(String run, String... data) {
        List<String> sets = new ArrayList<>(List.of("store.path=\"" + store + "\"", "search.evaluator=dl4j-train",
                "search.strategy=random", "search.budget=1", "search.batch=1", "search.objectives=[\"val_acc:max\"]",
                "evaluator.dl4j-train.validation-fraction=0.25", "evaluator.dl4j-train.stem-channels=4",
                "evaluator.dl4j-train.cells-per-stage=1", "evaluator.dl4j-train.optimizer=adam",
                "evaluator.dl4j-train.learning-rate=0.01", "evaluator.dl4j-train.batch-size=64"));
        sets.addAll(List.of(data));
        Map<String, Object> summary = new SearchJob(spark(), new GenerationListener() { }).run(NasConfig.load(null, sets), run);
        assertEquals(SearchJob.FINISHED, summary.get("status"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> finalModel(String run) {
        Map<String, Object> summary = TrainFinalJob.run(spark(), NasConfig.load(null, List.of("store.path=\"" + store + "\"",
                "final.epochs=2")), System.out, run, 1);
        List<Map<String, Object>> models = (List<Map<String, Object>>) summary.get("models");
        assertEquals(1, models.size(), summary.toString());
        return models.get(0);
    }

    @Test
    void theTableTrainsTheSameModelAsTheIdxFilesAndMeasuresItsTestRows() {
        assertEquals(idxModel.get("canonical_key"), tableModel.get("canonical_key"), "the same cell");
        assertNotEquals(idxModel.get("model_id"), tableModel.get("model_id"), "other data, another model id");
        ResultStore results = new ResultStore(spark(), store.toString());
        Map<String, Double> idx = Records.metrics(results.read(Tables.MODELS)
                .filter(col(Columns.MODEL_ID).equalTo(idxModel.get("model_id"))).first());
        Map<String, Double> fromTable = Records.metrics(results.read(Tables.MODELS)
                .filter(col(Columns.MODEL_ID).equalTo(tableModel.get("model_id"))).first());
        System.out.println("idx " + idx + "\ntable " + fromTable);
        assertEquals(200.0, fromTable.get("test_total"), "the 'test' rows");
        assertEquals(300.0, fromTable.get("train_images"), "every 'train' and 'validation' row");
        assertEquals(idx.get("test_total"), fromTable.get("test_total"));
        assertEquals(idx.get("train_images"), fromTable.get("train_images"));
        assertEquals(idx.get("test_correct"), fromTable.get("test_correct"), "the same model: the same test images right");
        assertEquals(idx.get("loss_epoch_2"), fromTable.get("loss_epoch_2"), 1e-9);
        assertEquals((Double) idxModel.get("test_acc"), (Double) tableModel.get("test_acc"), 1e-9);
    }

    @Test
    void aTableWithoutTestRowsOrWithAnUnknownTestClassIsBadInput() {
        TrainingImages.TableSpec spec = new TrainingImages.TableSpec(table, "image", "label", "", null, true);
        BadInputException noSplit = assertThrows(BadInputException.class, () -> TrainingImages.readTableForFinal(spark(), spec));
        assertTrue(noSplit.getMessage().startsWith("config key 'evaluator.dl4j-train.table.split-column' is empty: train-final measures"),
                noSplit.getMessage());

        String trainOnly = dir.resolve("train-only").toString();
        spark().read().parquet(table).filter(col("split").notEqual("test")).write().parquet(trainOnly);
        BadInputException noTest = assertThrows(BadInputException.class, () -> TrainingImages.readTableForFinal(spark(),
                new TrainingImages.TableSpec(trainOnly, "image", "label", "split", null, true)));
        assertEquals("evaluator.dl4j-train: table " + trainOnly + ": split column 'split' has no 'test' row: train-final measures on them",
                noTest.getMessage());

        String unknown = dir.resolve("unknown-class").toString();
        int top = spark().read().parquet(table).agg(org.apache.spark.sql.functions.max("label")).first().getInt(0);
        spark().read().parquet(table).withColumn("label", org.apache.spark.sql.functions.when(col("split").equalTo("test"),
                top + 1).otherwise(col("label"))).write().parquet(unknown);
        BadInputException unknownClass = assertThrows(BadInputException.class, () -> TrainingImages.readTableForFinal(spark(),
                new TrainingImages.TableSpec(unknown, "image", "label", "split", null, true)));
        assertTrue(unknownClass.getMessage().endsWith("a 'test' row is labelled " + (top + 1)
                + ", a class no 'train' or 'validation' row has"), unknownClass.getMessage());

        // the two parts of the table as train-final reads them
        DecodedImages images = TrainingImages.readTableForFinal(spark(), new TrainingImages.TableSpec(table, "image",
                "label", "split", null, true));
        ImageDataset testPart = images.validation();
        assertEquals(300, images.train().size());
        assertEquals(200, testPart.size());
    }
}
