package io.sparknas.jobs.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.evaluation.darts.DartsResult;
import io.sparknas.evaluation.darts.DartsSearch;
import io.sparknas.evaluation.darts.DartsSettings;
import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.dl4j.Dl4jNatives;
import io.sparknas.evaluation.dl4j.TrainingRecipe;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.CliRun;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.SearchState;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code search.strategy = darts} through {@code bin/nas search} on local Spark and Delta: DARTS on a 300-image
 * Fashion-MNIST subset (C = 4, N = 1, 1 search epoch) on the driver, its picks trained stand-alone by dl4j-train on
 * the executors; the evaluations rows are the cells {@link DartsSearch#run} picks when called directly with the same
 * inputs. Another space is refused with exit 2, writing nothing.
 */
@Tag("slow")
class DartsStrategyTest extends LocalSpark {
    private static final String DATA = "/usr/share/datasets/fashion-mnist";
    private static final int SUBSET = 300;
    private static final double VALIDATION = 0.25;
    private static final long SEED = 3;

    private static List<String> sets(Path store, String... more) {
        List<String> sets = new ArrayList<>(List.of("store.path=\"" + store + "\"", "search.strategy=darts",
                "search.evaluator=dl4j-train", "search.budget=2", "search.batch=2", "search.objectives=[\"val_acc:max\"]",
                "search.report=val_acc", "evaluator.dl4j-train.folder=\"" + DATA + "\"",
                "evaluator.dl4j-train.subset=" + SUBSET, "evaluator.dl4j-train.validation-fraction=" + VALIDATION,
                "evaluator.dl4j-train.stem-channels=4", "evaluator.dl4j-train.cells-per-stage=1",
                "evaluator.dl4j-train.optimizer=adam", "evaluator.dl4j-train.learning-rate=0.01",
                "evaluator.dl4j-train.batch-size=32", "evaluator.dl4j-train.seed=" + SEED, "strategy.darts.epochs=2",
                "strategy.darts.alpha-learning-rate=3.0e-3", "strategy.darts.calibration-batches=1",
                "strategy.darts.perturbation-images=32"));
        sets.addAll(List.of(more));
        return sets;
    }

    @Test
    void aDartsRunFinishesWithThePicksOfBothRulesEvaluated(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        Path summaryFile = dir.resolve("summary.json");
        CliRun run = CliRun.of(sets(store), "search", "--run-id", "darts", "--summary-json", summaryFile.toString());
        assertEquals(0, run.code(), run.err());

        // ground truth: the core search called directly with the same data, recipe and settings
        DatasetSource data = new DatasetSource(DATA, DatasetSource.Format.FASHION_MNIST, SUBSET, VALIDATION, SEED);
        TrainingRecipe recipe = new TrainingRecipe(TrainingRecipe.Optimizer.ADAM, 0.01, 0.9, true, 2, 32, 5e-4, SEED);
        DartsSettings settings = DartsSettings.defaults(4, 1).withAlphaLearningRate(3e-3).withCalibrationBatches(1)
                .withPerturbationImages(32);
        int before = Dl4jNatives.threads();
        Dl4jNatives.useThreads(1);
        DartsResult truth;
        try {
            truth = DartsSearch.run(data.load().train(), recipe, settings);
        } finally {
            Dl4jNatives.useThreads(before);
        }

        ResultStore results = new ResultStore(spark(), store.toString());
        Row runRow = results.read(Tables.RUNS).filter(col(Columns.RUN_ID).equalTo("darts")).first();
        assertEquals(SearchJob.FINISHED, runRow.getAs(Columns.STATUS));
        assertEquals("darts", runRow.getAs(Columns.STRATEGY));

        List<Row> evaluations = results.read(Tables.EVALUATIONS).filter(col(Columns.RUN_ID).equalTo("darts")).collectAsList();
        Set<String> archs = new TreeSet<>();
        evaluations.forEach(r -> archs.add(r.getAs(Columns.ARCH)));
        assertTrue(evaluations.stream().allMatch(r -> "OK".equals(r.getAs(Columns.STATUS))), evaluations.toString());
        assertTrue(archs.contains(truth.argmaxCell()), archs + " lacks the argmax cell " + truth.argmaxCell());
        assertTrue(archs.contains(truth.perturbationCell()), archs + " lacks the perturbation cell " + truth.perturbationCell());
        assertEquals(2, evaluations.size(), "budget 2: the two picks (or the one pick and a uniform sample)");

        // the α and the rules' picks are kept with the run: in the committed state and the summary
        Row checkpoint = results.read(Tables.CHECKPOINTS).filter(col(Columns.RUN_ID).equalTo("darts"))
                .orderBy(col(Columns.GENERATION).desc()).first();
        SearchState state = SearchState.fromJson(checkpoint.getAs(Columns.STATE));
        assertEquals(truth.argmaxCell(), state.note(DartsStrategy.ARGMAX));
        assertEquals(truth.perturbationCell(), state.note(DartsStrategy.PERTURBATION));
        // the query docs/weight-sharing.md gives
        Row notes = results.read(Tables.CHECKPOINTS).filter(col(Columns.RUN_ID).equalTo("darts"))
                .selectExpr("get_json_object(state, '$.notes.darts_argmax') AS argmax",
                        "get_json_object(state, '$.notes.darts_perturbation') AS perturbation",
                        "get_json_object(state, '$.notes.darts_weights') AS weights").first();
        assertEquals(truth.argmaxCell(), notes.getAs("argmax"));
        assertEquals(truth.perturbationCell(), notes.getAs("perturbation"));
        assertTrue(notes.<String>getAs("weights").startsWith("[["), notes.toString());
        results.read(Tables.CHECKPOINTS).createOrReplaceTempView("checkpoints");
        results.read(Tables.EVALUATIONS).createOrReplaceTempView("evaluations");
        List<Row> joined = spark().sql("SELECT c.generation, get_json_object(c.state, '$.notes.darts_argmax') AS argmax, "
                + "get_json_object(c.state, '$.notes.darts_perturbation') AS perturbation, "
                + "get_json_object(c.state, '$.notes.darts_weights') AS softmax_alpha, e.arch, e.metrics['val_acc'] "
                + "FROM checkpoints c JOIN evaluations e ON e.run_id = c.run_id "
                + "WHERE c.run_id = 'darts' AND c.generation = 0").collectAsList();
        assertEquals(2, joined.size(), joined.toString());
        assertTrue(joined.stream().allMatch(r -> truth.argmaxCell().equals(r.getAs("argmax"))), joined.toString());
        JsonNode summary = new ObjectMapper().readTree(Files.readString(summaryFile));
        assertEquals(truth.argmaxCell(), summary.at("/darts/argmax").asText(), summary.toString());
        assertEquals(truth.alphas()[2][3], summary.at("/darts/alphas/2/3").asDouble(), 0.0, summary.toString());
        assertEquals(6, summary.at("/darts/weights").size());
    }

    @Test
    void anotherSpaceIsRefusedWithExitTwoAndNothingWritten(@TempDir Path dir) {
        Path store = dir.resolve("store");
        CliRun run = CliRun.of(sets(store, "search.space=mobilenet"), "search", "--run-id", "refused");
        assertEquals(2, run.code(), run.err());
        assertFalse(run.err().contains("\n"), run.err());
        assertTrue(run.err().contains("search.strategy = darts needs search.space = nb201"), run.err());
        assertFalse(Files.exists(store), "nothing written");
    }

    @Test
    void dartsSettingsAndDataAreCheckedBeforeAnyWrite(@TempDir Path dir) {
        Path store = dir.resolve("store");
        CliRun k = CliRun.of(sets(store, "strategy.darts.partial-channels=3"), "search", "--run-id", "refused");
        assertEquals(2, k.code(), k.err());
        assertTrue(k.err().contains("strategy.darts: partial channels K must be >= 1 and divide the stem channels 4, got 3"),
                k.err());
        CliRun missing = CliRun.of(sets(store, "evaluator.dl4j-train.folder=\"" + dir.resolve("absent") + "\""), "search",
                "--run-id", "refused");
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("config key 'evaluator.dl4j-train.folder': fashion-mnist not found: missing "
                + dir.resolve("absent").resolve("train-images-idx3-ubyte.gz")), missing.err());
        assertFalse(Files.exists(store), "nothing written");
    }
}
