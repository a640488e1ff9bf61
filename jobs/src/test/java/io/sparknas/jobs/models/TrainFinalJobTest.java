package io.sparknas.jobs.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.sparknas.jobs.cli.NasCli;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.engine.GenerationListener;
import io.sparknas.jobs.search.Records;
import io.sparknas.jobs.search.SearchJob;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.CliRun;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.testing.StripesIdx;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * train-final and export end to end on local Spark and Delta with real DL4J training: a short dl4j-train search,
 * its best architecture trained at "full" fidelity (a tiny skeleton, 2 epochs), a kill after epoch 1 and the
 * resume, the export loaded by plain DL4J code. The data is Debian's Fashion-MNIST when it is installed
 * (2,000 training images for the final training, the whole 10,000-image test split), else the stripes set in
 * the same file layout ({@link StripesIdx}, with a test split; {@code -Dsparknas.test.stripes=true} forces it).
 */
@Tag("slow")
class TrainFinalJobTest extends LocalSpark {
    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
    private static final String RUN = "winner";

    @TempDir
    static Path dir;
    private static Path data;
    private static Path store;
    private static boolean fashion;

    /** The run train-final reads: regularized evolution (it keeps a population: a front), 2 candidates, one epoch on 300 images. */
    @BeforeAll
    static void search() throws IOException {
        // -Dsparknas.test.stripes=true runs the stripes path where Fashion-MNIST is installed
        fashion = !Boolean.getBoolean("sparknas.test.stripes") && Files.isRegularFile(FASHION.resolve("t10k-labels-idx1-ubyte.gz"));
        data = fashion ? FASHION : StripesIdx.writeWithTest(Files.createDirectories(dir.resolve("stripes")), 300, 200, 12, 5);
        store = dir.resolve("store");
        NasConfig config = NasConfig.load(null, List.of("store.path=\"" + store + "\"", "search.evaluator=dl4j-train",
                "search.strategy=regularized-evolution", "strategy.regularized-evolution.population=2",
                "strategy.regularized-evolution.sample=2", "search.budget=2", "search.batch=2", "search.objectives=[\"val_acc:max\"]",
                "evaluator.dl4j-train.folder=\"" + data + "\"", "evaluator.dl4j-train.subset=300",
                "evaluator.dl4j-train.validation-fraction=0.25", "evaluator.dl4j-train.stem-channels=4",
                "evaluator.dl4j-train.cells-per-stage=1", "evaluator.dl4j-train.optimizer=adam",
                "evaluator.dl4j-train.learning-rate=0.01", "evaluator.dl4j-train.batch-size=64"));
        Map<String, Object> summary = new SearchJob(spark(), new GenerationListener() { }).run(config, RUN);
        assertEquals(SearchJob.FINISHED, summary.get("status"));
    }

    private static List<String> sets(String... more) {
        List<String> sets = new ArrayList<>(List.of("store.path=\"" + store + "\"", "final.epochs=2",
                "final.subset=" + (fashion ? 2000 : 0)));
        sets.addAll(List.of(more));
        return sets;
    }

    private static NasConfig config(String... more) {
        return NasConfig.load(null, sets(more));
    }

    /** A command through the real entry point's parsing and exit codes (in this JVM, on the shared session). */
    private static CliRun cli(String... args) {
        return CliRun.of(sets(), args);
    }

    private static Row model(String id) {
        return new ResultStore(spark(), store.toString()).read(Tables.MODELS).filter(col(Columns.MODEL_ID).equalTo(id))
                .collectAsList().get(0);
    }

    private static final class Killed extends RuntimeException {
        Killed() {
            super("killed after epoch 1 (test hook)");
        }
    }

    @Test
    void trainsTheAnswerResumesAfterAKillAndExportsAModelPlainDl4jReproduces() throws Exception {
        // --- the run's best architecture, trained at full fidelity
        Path summaryJson = dir.resolve("final.json");
        long start = System.nanoTime();
        CliRun first = cli("train-final", "--run-id", RUN, "--summary-json", summaryJson.toString());
        double firstSeconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, first.code(), first.err());
        JsonNode summary = new ObjectMapper().readTree(summaryJson.toFile());
        assertEquals(1, summary.get("models").size(), summary.toString());
        String id = summary.get("models").get(0).get("model_id").asText();
        double testAcc = summary.get("models").get(0).get("test_acc").asDouble();
        assertTrue(id.startsWith(RUN + "-"), id);

        ResultStore results = new ResultStore(spark(), store.toString());
        results.registerViews();
        Row best = spark().table(Tables.LEADERBOARD).filter(col(Columns.RUN_ID).equalTo(RUN).and(col(Columns.RANK).equalTo(1)))
                .orderBy(Columns.CANONICAL_KEY).collectAsList().get(0);
        Row row = model(id);
        Map<String, Double> metrics = Records.metrics(row);
        assertEquals(best.<String>getAs(Columns.CANONICAL_KEY), row.getAs(Columns.CANONICAL_KEY), "rank 1 of the leaderboard");
        assertEquals(RUN, row.getAs(Columns.RUN_ID));
        assertEquals(testAcc, metrics.get("test_acc"));
        assertEquals(fashion ? 10_000.0 : 200.0, metrics.get("test_total"), "the whole test split");
        assertEquals(fashion ? 2000.0 : 300.0, metrics.get("train_images"), "no validation hold-out");
        assertEquals(100.0 * (metrics.get("test_correct") / metrics.get("test_total")), testAcc);
        assertTrue(metrics.containsKey("loss_epoch_2") && metrics.get("params") > 0, metrics.toString());
        assertTrue(row.<Double>getAs(Columns.LATENCY_MS) > 0);
        assertEquals(SearchJob.codeVersion(), row.getAs(Columns.CODE_VERSION));
        Path folder = store.resolve("models").resolve(id);
        assertEquals(folder.resolve("model.zip").toUri().getPath(), Path.of(java.net.URI.create(row.getAs(Columns.PATH)))
                .toUri().getPath());
        assertTrue(Files.isRegularFile(folder.resolve("checkpoints/epoch-2.zip")));
        assertFalse(Files.exists(folder.resolve("checkpoints/epoch-1.zip")), "only the latest checkpoint is kept");
        assertTrue(first.out().contains("bin/nas export --model-id " + id), first.out());
        var params = ModelSerializer.restoreComputationGraph(folder.resolve("model.zip").toFile()).params();
        System.out.printf("train-final (%s): test_acc %.2f%% on %.0f test images after 2 epochs on %.0f images, "
                        + "%.0f train images/s, latency %.3f ms, %.0f params; the command took %.1f s%n",
                fashion ? "Fashion-MNIST" : "stripes", testAcc, metrics.get("test_total"), metrics.get("train_images"),
                metrics.get("train_images_per_s"), row.<Double>getAs(Columns.LATENCY_MS), metrics.get("params"), firstSeconds);

        // --- a model in the table is not trained again
        Map<String, Object> again = TrainFinalJob.run(spark(), config(), System.out, RUN, 1);
        assertEquals("already trained", ((List<Map<String, Object>>) again.get("models")).get(0).get("status"));

        // --- the export, and plain DL4J code reproducing test_acc from it
        Path export = dir.resolve("export");
        CliRun exported = cli("export", "--model-id", id, "--out", export.toString());
        assertEquals(0, exported.code(), exported.err());
        for (String file : List.of("model.zip", "genome.json", "recipe.json", "MODEL_CARD.md")) {
            assertTrue(Files.isRegularFile(export.resolve(file)), file);
        }
        JsonNode genome = new ObjectMapper().readTree(export.resolve("genome.json").toFile());
        assertEquals(row.<String>getAs(Columns.ARCH), genome.get("arch").asText());
        assertEquals("nb201", genome.get("space").asText());
        String card = Files.readString(export.resolve("MODEL_CARD.md"));
        assertTrue(card.contains("ModelSerializer.restoreComputationGraph") && card.contains("NCHW")
                && card.contains(row.<String>getAs(Columns.ARCH)), card);
        PlainDl4jExport.Accuracy plain = PlainDl4jExport.testAccuracy(export, data);
        assertEquals(metrics.get("test_correct").intValue(), plain.correct(), "the same images classified correctly");
        assertEquals(testAcc, plain.percent(), 1e-9);

        // --- killed after epoch 1, rerun: resumes from the checkpoint and ends with the same weights
        DeltaTable.forPath(spark(), results.path(Tables.MODELS)).delete(col(Columns.MODEL_ID).equalTo(id));
        deleteTree(folder);
        TrainFinalJob.afterEpoch = epoch -> {
            TrainFinalJob.afterEpoch = e -> { }; // once: a retried task goes on
            throw new Killed();
        };
        try {
            Exception killed = assertThrows(Exception.class, () -> TrainFinalJob.run(spark(), config(), System.out, RUN, 1));
            assertTrue(causes(killed).anyMatch(m -> m.contains("killed after epoch 1")), killed.toString());
        } finally {
            TrainFinalJob.afterEpoch = e -> { };
        }
        assertTrue(Files.isRegularFile(folder.resolve("checkpoints/epoch-1.zip")));
        assertFalse(Files.exists(folder.resolve("model.zip")));
        Map<String, Object> resumed = TrainFinalJob.run(spark(), config(), System.out, RUN, 1);
        Map<String, Object> model = ((List<Map<String, Object>>) resumed.get("models")).get(0);
        assertEquals("resumed after epoch 1", model.get("status"));
        assertEquals(id, model.get("model_id"), "the same model id finds its checkpoints");
        assertEquals(testAcc, (Double) model.get("test_acc"));
        assertEquals(params, ModelSerializer.restoreComputationGraph(folder.resolve("model.zip").toFile()).params(),
                "the weights of the uninterrupted training");
        Map<String, Double> resumedMetrics = Records.metrics(model(id));
        assertEquals(metrics.get("loss_epoch_1"), resumedMetrics.get("loss_epoch_1"));
        assertEquals(metrics.get("train_loss"), resumedMetrics.get("train_loss"));

        // --- --front: the architectures of the run's Pareto front (here one objective: its best)
        results.registerViews();
        List<String> frontKeys = spark().table(Tables.PARETO_FRONT).filter(col(Columns.RUN_ID).equalTo(RUN))
                .select(Columns.CANONICAL_KEY).distinct().collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
        Map<String, Object> front = TrainFinalJob.run(spark(), config(), System.out, RUN, 1, true);
        List<Map<String, Object>> frontModels = (List<Map<String, Object>>) front.get("models");
        assertFalse(frontKeys.isEmpty(), "regularized evolution keeps a population");
        assertEquals(frontKeys, frontModels.stream().map(m -> (String) m.get("canonical_key")).sorted().toList());
        assertTrue(frontModels.stream().anyMatch(m -> m.get("model_id").equals(id) && m.get("status").equals("already trained")),
                frontModels.toString());
    }

    private static Stream<String> causes(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return messages.stream();
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void anUnknownOrUnfinishedRunIsBadInputAndWritesNothing() {
        BadInputException unknown = assertThrows(BadInputException.class,
                () -> TrainFinalJob.run(spark(), config(), System.out, "no-such-run", 1));
        assertTrue(unknown.getMessage().startsWith("--run-id no-such-run: no such run in store "), unknown.getMessage());

        ResultStore results = new ResultStore(spark(), store.toString());
        Row finished = results.findRun(RUN).orElseThrow();
        Object[] values = new Object[Tables.RUNS.schema().size()];
        for (String column : Tables.RUNS.schema().fieldNames()) {
            values[Tables.RUNS.schema().fieldIndex(column)] = finished.get(finished.fieldIndex(column));
        }
        values[Tables.RUNS.schema().fieldIndex(Columns.RUN_ID)] = "half";
        values[Tables.RUNS.schema().fieldIndex(Columns.STATUS)] = SearchJob.RUNNING;
        results.upsert(Tables.RUNS, List.of(new GenericRowWithSchema(values, Tables.RUNS.schema())));
        BadInputException running = assertThrows(BadInputException.class,
                () -> TrainFinalJob.run(spark(), config(), System.out, "half", 1));
        assertEquals("--run-id half is RUNNING, not FINISHED: finish it first with bin/nas search --run-id half",
                running.getMessage());
    }

    @Test
    void aDatasetFolderWithoutItsTestFilesIsBadInputNamingTheFile() throws IOException {
        Path trainOnly = StripesIdx.write(Files.createDirectories(dir.resolve("train-only")), 50, 12, 1);
        BadInputException e = assertThrows(BadInputException.class, () -> TrainFinalJob.run(spark(),
                config("final.folder=\"" + trainOnly + "\""), System.out, RUN, 1));
        assertTrue(e.getMessage().contains("final.folder") && e.getMessage().contains(
                trainOnly.resolve("t10k-images-idx3-ubyte.gz").toString()), e.getMessage());
    }

    @Test
    void exportRefusesAnUnknownModelAndAFolderOfOtherFiles() throws IOException {
        CliRun unknown = cli("export", "--model-id", "no-such-model", "--out", dir.resolve("x").toString());
        assertEquals(NasCli.BAD_INPUT, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("--model-id no-such-model"), unknown.err());
        assertFalse(Files.exists(dir.resolve("x")), "nothing written");

        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        CliRun refused = cli("export", "--model-id", "anything", "--out", foreign.toString());
        assertEquals(NasCli.BAD_INPUT, refused.code(), refused.err());
        assertTrue(refused.err().contains("export --out " + foreign + " holds files that are not an earlier model export"),
                refused.err());
        assertEquals(List.of("notes.txt"), Files.list(foreign).map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void thePlainLoaderUsesNoSparknasClass() throws IOException {
        String source = Files.readString(Path.of("src/test/java/io/sparknas/jobs/models/PlainDl4jExport.java"));
        assertTrue(source.lines().filter(l -> l.startsWith("import ")).noneMatch(l -> l.contains("io.sparknas")), source);
    }
}
