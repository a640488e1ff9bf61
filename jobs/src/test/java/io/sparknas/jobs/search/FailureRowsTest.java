package io.sparknas.jobs.search;

import io.sparknas.jobs.engine.CostMetrics;
import io.sparknas.jobs.engine.GenerationListener;
import io.sparknas.jobs.engine.SearchEngine;
import io.sparknas.jobs.engine.SearchSettings;
import io.sparknas.evaluation.FailuresAsRows;
import io.sparknas.evaluation.SuccessiveHalving;
import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.dl4j.Dl4jTrainingEvaluator;
import io.sparknas.evaluation.dl4j.NetworkFactory;
import io.sparknas.evaluation.dl4j.TrainingRecipe;
import io.sparknas.jobs.cli.NasCli;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.testing.StripesIdx;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchState;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.population.strategy.RegularizedEvolution;
import io.sparknas.population.testing.SharedBenchmarks;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Candidates whose evaluation fails become FAILED rows with the reason; the search goes on, and a
 * failed candidate is never evaluated again in the run (each query of the run is one row).
 */
@Tag("slow")
class FailureRowsTest extends LocalSpark {

    /** Every row of the run, and what the run counted as its queries. */
    private static void assertEachQueryIsOneRowAndNoKeyTwice(Dataset<Row> runRows, long queries) {
        long rows = runRows.count();
        assertEquals(queries, rows, "a failed candidate proposed again is served from the store, not evaluated again");
        assertEquals(rows, runRows.select("canonical_key").distinct().count(), "one row per candidate");
    }

    @Test
    void candidatesMissingFromTheTablesAreFailedRowsAndTheSearchGoesOn(@TempDir Path dir) throws IOException {
        // the real NB201 test accuracies of one cell in four: the others are not in the table and must fail
        List<String> lines = Files.readAllLines(SharedBenchmarks.file(SharedBenchmarks.TEST200));
        List<String> quarter = new ArrayList<>(List.of(lines.get(0)));
        for (int i = 1; i < lines.size(); i += 4) {
            quarter.add(lines.get(i));
        }
        Path table = Files.write(dir.resolve("quarter.csv"), quarter);
        Path store = dir.resolve("store");
        Path summaryFile = dir.resolve("summary.json");
        spark();
        StringWriter err = new StringWriter();
        int code = NasCli.execute(new PrintWriter(err, true), "search", "--run-id", "holes",
                "--set", "store.path=\"" + store + "\"", "--set", "evaluator.tabular.tables=[\"" + table + "\"]",
                "--set", "evaluator.tabular.objective=cifar10_test_acc", "--set", "search.report=cifar100_test_acc",
                "--set", "search.budget=30", "--set", "search.batch=10", "--set", "search.seed=2",
                "--set", "strategy.regularized-evolution.population=10", "--set", "strategy.regularized-evolution.sample=3",
                "--summary-json", summaryFile.toString());
        assertEquals(0, code, err.toString());
        Map<?, ?> summary = new com.fasterxml.jackson.databind.ObjectMapper().readValue(summaryFile.toFile(), Map.class);

        ResultStore results = new ResultStore(spark(), store.toString());
        Dataset<Row> rows = results.read(Tables.EVALUATIONS).filter(col("run_id").equalTo("holes"));
        List<Row> failed = rows.filter(col("status").equalTo("FAILED")).collectAsList();
        long ok = rows.filter(col("status").equalTo("OK")).count();
        assertTrue(failed.size() >= 10 && ok >= 3, failed.size() + " failed, " + ok + " ok: both kinds are expected");
        for (Row row : failed) {
            assertEquals("architecture not in the benchmark tables", row.getAs("reason"));
            assertTrue(row.getJavaMap(row.fieldIndex("metrics")).isEmpty() || !row.getJavaMap(row.fieldIndex("metrics"))
                    .containsKey("cifar10_test_acc"), "a failed row carries no objective value");
        }
        assertEquals(30, ((Number) summary.get("queries")).intValue(), "the whole budget was spent despite the failures");
        assertTrue(((Number) summary.get("generations")).intValue() >= 3);
        assertEachQueryIsOneRowAndNoKeyTwice(rows, ((Number) summary.get("queries")).longValue());
        // no population member is a failed candidate
        List<Object> failedKeys = failed.stream().map(r -> (Object) r.getAs("canonical_key")).toList();
        assertEquals(0, results.read(Tables.POPULATIONS).filter(col("canonical_key").isin(failedKeys.toArray())).count());
        System.out.printf("tabular holes: %d FAILED, %d OK rows, cache hits %s%n", failed.size(), ok, summary.get("cache_hits"));
    }

    @Test
    void trainingThatDivergesIsAFailedRowWithTheReasonAndTheSearchGoesOn(@TempDir Path dir) throws IOException {
        StripesIdx.write(dir, 64, 16, 3);
        Nb201Space space = new Nb201Space();
        Objective accuracy = Objective.maximize("val_acc");
        // an absurd learning rate: the loss of any network with weights becomes NaN or infinite in the first epoch
        TrainingRecipe diverging = new TrainingRecipe(TrainingRecipe.Optimizer.SGD_MOMENTUM, 1e30, 0.9, false, 1, 20, 0, 7);
        var evaluator = FailuresAsRows.wrap(new Dl4jTrainingEvaluator(new NetworkFactory(space, 4, 1),
                new DatasetSource(dir.toString(), DatasetSource.Format.FASHION_MNIST, 0, 0.25, 1), diverging));
        ResultStore store = new ResultStore(spark(), dir.resolve("store").toString()).ensureTables();
        var strategy = new RegularizedEvolution(space, accuracy, 3, 2);
        SearchGoals goals = new SearchGoals(List.of(accuracy), List.of(), List.of());
        SearchState state = strategy.start(4);
        SuccessiveHalving oneRung = new SuccessiveHalving(List.of(evaluator), 2, accuracy);
        CostMetrics noCosts = CostMetrics.forMetrics(List.of(), 10);
        new SearchEngine(space, strategy, oneRung, noCosts, new SearchSettings(6, 3, 10, 2),
                new DeltaTrials(spark(), store, space, goals, 10, generation -> { }),
                new SparkRunner(spark(), space, oneRung, noCosts, "diverging", true), "diverging", new GenerationListener() { })
                .run(state);

        Dataset<Row> rows = store.read(Tables.EVALUATIONS).filter(col("run_id").equalTo("diverging"));
        List<Row> failed = rows.filter(col("status").equalTo("FAILED")).collectAsList();
        assertTrue(failed.size() >= 3, "most candidates diverge: " + rows.collectAsList());
        for (Row row : failed) {
            String reason = row.getAs("reason");
            assertTrue(reason.startsWith("diverged: loss is ") && reason.contains(" at epoch 1"), reason);
            assertEquals("dl4j-train", row.getAs("evaluator"));
        }
        assertTrue(state.getGeneration() >= 2, "the search went on after the failures: " + state.getGeneration());
        assertEachQueryIsOneRowAndNoKeyTwice(rows, state.getQueries());
        assertEquals(state.getGeneration(), store.read(Tables.CHECKPOINTS).filter(col("run_id").equalTo("diverging")).count());
    }
}
