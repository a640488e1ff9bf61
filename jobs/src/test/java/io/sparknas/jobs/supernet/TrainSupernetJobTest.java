package io.sparknas.jobs.supernet;

import io.sparknas.evaluation.supernet.SupernetManifest;
import io.sparknas.jobs.cli.NasCli;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.search.Records;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.CliRun;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.testing.StripesIdx;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * train-supernet through the CLI on local Spark and Delta with real DL4J training (stripes images, a C=4 N=1
 * skeleton, 2 epochs), the supernets row read back by column name, a search scoring candidates with the
 * supernet evaluator, and the bad inputs that must stop a search before it writes anything.
 */
class TrainSupernetJobTest extends LocalSpark {
    @TempDir
    static Path dir;
    private static Path data;
    private static Path store;
    private static CliRun trained;

    private static List<String> sets(String... more) {
        List<String> sets = new ArrayList<>(List.of("store.path=\"" + store + "\"",
                "evaluator.dl4j-train.folder=\"" + data + "\"", "evaluator.dl4j-train.validation-fraction=0.25",
                "evaluator.dl4j-train.stem-channels=4", "evaluator.dl4j-train.cells-per-stage=1",
                "evaluator.dl4j-train.optimizer=adam", "evaluator.dl4j-train.learning-rate=0.01",
                "evaluator.dl4j-train.batch-size=25", "supernet.epochs=2", "evaluator.supernet.batch-size=25",
                "evaluator.supernet.calibration-batches=2"));
        sets.addAll(List.of(more));
        return sets;
    }

    private static CliRun cli(List<String> sets, String... args) {
        return CliRun.of(sets, args);
    }

    @BeforeAll
    static void train() throws IOException {
        data = StripesIdx.write(Files.createDirectories(dir.resolve("stripes")), 200, 16, 5);
        store = dir.resolve("store");
        trained = cli(sets(), "train-supernet");
    }

    private static Row supernetRow() {
        List<Row> rows = new ResultStore(spark(), store.toString()).read(Tables.SUPERNETS).collectAsList();
        assertEquals(1, rows.size());
        return rows.get(0);
    }

    @Test
    void trainsTheSupernetAndRecordsItInTheSupernetsTable() {
        assertEquals(0, trained.code(), trained.err());
        Row row = supernetRow();
        String id = row.getAs(Columns.SUPERNET_ID);
        String path = row.getAs(Columns.PATH);
        assertTrue(id.startsWith("sn-"), id);
        assertEquals(store.resolve("supernet-weights").resolve(id).toString(), path);
        assertEquals("nb201", row.getAs(Columns.SPACE));
        assertEquals("fashion-mnist subset=0 validation-fraction=0.25 split-seed=0", row.getAs(Columns.DATASET));
        assertEquals(2, (int) row.getAs(Columns.EPOCHS));
        assertEquals("uniform", row.getAs(Columns.SAMPLING));
        assertTrue(((String) row.getAs(Columns.RECIPE)).contains("ADAM"), (String) row.getAs(Columns.RECIPE));
        SupernetManifest manifest = SupernetManifest.read(Path.of(path));
        assertEquals(manifest.configDigest(), row.getAs(Columns.CONFIG_DIGEST));
        assertEquals(id, manifest.supernetId());
        assertTrue(Files.isRegularFile(Path.of(path, "supernet.zip")));
        assertTrue(Files.isRegularFile(Path.of(path, "checkpoints", "epoch-1.zip")));
        assertTrue(Files.isRegularFile(Path.of(path, "checkpoints", "epoch-2.zip")));
        Map<String, Double> metrics = Records.metrics(row);
        assertTrue(metrics.get("loss_epoch_2") > 0 && metrics.get("train_seconds") > 0 && metrics.get("peak_rss_mb") > 50,
                metrics.toString());
        assertEquals(150.0, metrics.get("train_images"));
        assertTrue(trained.out().contains("evaluator.supernet.path=\"" + path + "\""), trained.out());

        CliRun again = cli(sets(), "train-supernet");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("already trained"), again.out());
        assertEquals(1, new ResultStore(spark(), store.toString()).read(Tables.SUPERNETS).count());
    }

    @Test
    void aSearchScoresCandidatesByInheritedWeights() {
        String path = supernetRow().getAs(Columns.PATH);
        CliRun search = cli(sets("search.evaluator=supernet", "evaluator.supernet.path=\"" + path + "\"",
                "search.strategy=random", "search.budget=6", "search.batch=6", "search.objectives=[\"val_acc:max\"]"),
                "search", "--run-id", "ws");
        assertEquals(0, search.code(), search.err());
        List<Row> rows = new ResultStore(spark(), store.toString()).read(Tables.EVALUATIONS)
                .filter(col(Columns.RUN_ID).equalTo("ws")).collectAsList();
        assertEquals(6, rows.size());
        io.sparknas.evaluation.supernet.SupernetEvaluator evaluator = SupernetEvaluators.from(spark(),
                NasConfig.load(null, sets("evaluator.supernet.path=\"" + path + "\"")), new io.sparknas.population.space.Nb201Space());
        String expectedDigest = evaluator.configDigest();
        // the executors get the weights from a broadcast of the file, not from the store's filesystem
        assertTrue(evaluator.weights() instanceof SupernetEvaluators.BroadcastWeights, evaluator.weights().toString());
        try {
            assertArrayEquals(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(path, "supernet.zip")),
                    evaluator.weights().bytes());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (Row row : rows) {
            assertEquals("supernet", row.getAs(Columns.EVALUATOR));
            assertEquals("ws-2ep", row.getAs(Columns.FIDELITY));
            assertEquals("OK", row.getAs(Columns.STATUS), (String) row.getAs(Columns.REASON));
            assertEquals(expectedDigest, row.getAs(Columns.EVALUATOR_CONFIG));
            double accuracy = Records.metrics(row).get("val_acc");
            assertTrue(accuracy >= 0 && accuracy <= 100, Double.toString(accuracy));
        }
    }

    @Test
    void badSupernetsStopTheSearchBeforeAnythingIsWritten() throws IOException {
        String path = supernetRow().getAs(Columns.PATH);
        Path corrupt = dir.resolve("corrupt");
        Files.createDirectories(corrupt);
        Files.copy(Path.of(path, SupernetManifest.FILE), corrupt.resolve(SupernetManifest.FILE));
        Files.write(corrupt.resolve(SupernetManifest.WEIGHTS), new byte[] {'P', 'K', 0, 0});
        record Case(String runId, String expected, List<String> sets) {
        }
        List<Case> cases = List.of(
                new Case("bad1", "was trained on fashion-mnist subset=0", List.of("evaluator.supernet.path=\"" + path + "\"",
                        "evaluator.dl4j-train.subset=100")),
                new Case("bad2", "is of space 'nb201', the search is over 'mobilenet'", List.of(
                        "evaluator.supernet.path=\"" + path + "\"", "search.space=mobilenet")),
                new Case("bad3", "not a supernet folder", List.of("evaluator.supernet.path=\"" + dir.resolve("nothing") + "\"")),
                new Case("bad4", "are corrupt", List.of("evaluator.supernet.path=\"" + corrupt + "\"")),
                new Case("bad5", "is empty", List.of()));
        for (Case c : cases) {
            List<String> sets = new ArrayList<>(sets("search.evaluator=supernet", "search.strategy=random", "search.budget=2",
                    "search.objectives=[\"val_acc:max\"]"));
            sets.addAll(c.sets());
            CliRun outcome = cli(sets, "search", "--run-id", c.runId());
            assertEquals(NasCli.BAD_INPUT, outcome.code(), c.runId() + ": " + outcome.err());
            assertTrue(outcome.err().contains(c.expected()), c.runId() + ": " + outcome.err());
            assertTrue(outcome.err().contains("evaluator.supernet.path"), outcome.err());
            assertFalse(outcome.err().contains("\n\tat "), "one line, no stack trace: " + outcome.err());
            ResultStore results = new ResultStore(spark(), store.toString());
            assertTrue(!results.exists(Tables.RUNS) || results.findRun(c.runId()).isEmpty(), c.runId() + " wrote a run");
        }
        assertNotEquals(0, Files.size(corrupt.resolve(SupernetManifest.WEIGHTS)));
    }
}
