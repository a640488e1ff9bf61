package io.sparknas.jobs.search;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.engine.GenerationListener;
import io.sparknas.jobs.engine.StepTimer;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generation's step seconds are data: each checkpoints row keeps them, run_progress shows them, the
 * summary lists them, and they add up to the time between two commits (the ground truth: committed_at).
 */
class StepTimingsTest extends LocalSpark {

    @Test
    void theStepsOfEachGenerationAddUpToTheTimeBetweenItsCommits(@TempDir Path dir) {
        List<String> sets = new ArrayList<>(nb201Cifar10());
        sets.addAll(List.of("store.path=\"" + dir.resolve("store") + "\"", "search.budget=40", "search.batch=10"));
        Map<String, Object> summary = new SearchJob(spark(), new GenerationListener() { }).run(NasConfig.load(null, sets), "t");
        ResultStore store = new ResultStore(spark(), dir.resolve("store").toString());

        List<?> perGeneration = (List<?>) summary.get("step_seconds");
        long generations = store.read(Tables.CHECKPOINTS).filter(col("run_id").equalTo("t")).count();
        assertEquals(generations, perGeneration.size());
        @SuppressWarnings("unchecked")
        Map<String, Double> medians = (Map<String, Double>) summary.get("step_seconds_median");
        for (StepTimer.Step step : StepTimer.Step.values()) {
            assertTrue(medians.get(step.key()) >= 0, step + ": " + medians);
        }

        store.registerViews();
        List<Row> rows = spark().sql("SELECT * FROM run_progress WHERE run_id = 't' ORDER BY generation").collectAsList();
        assertEquals(generations, rows.size());
        for (int g = 0; g < rows.size(); g++) {
            Row row = rows.get(g);
            for (StepTimer.Step step : StepTimer.Step.values()) {
                Object value = row.getAs(step.column());
                if (step == StepTimer.Step.COMMIT_STATE && g == rows.size() - 1) {
                    assertNull(value, "the last state commit is carried by no later row");
                } else {
                    assertTrue(value instanceof Double && (Double) value >= 0, step.column() + " of generation " + g);
                }
            }
            Map<String, Object> listed = castMap(perGeneration.get(g));
            assertEquals(g, listed.get("generation"));
            assertEquals(row.<Double>getAs("evaluate_s"), (Double) listed.get("evaluate"), 1e-12, "table and summary agree");
            if (g > 0) {
                // from the row of generation g-1 to that of g: g-1's state commit, then g's steps up to its results
                Row previous = rows.get(g - 1);
                double between = row.<Double>getAs("elapsed_s") - previous.<Double>getAs("elapsed_s");
                double steps = previous.<Double>getAs("commit_state_s");
                for (StepTimer.Step step : List.of(StepTimer.Step.ASK, StepTimer.Step.KEY, StepTimer.Step.EVALUATE,
                        StepTimer.Step.TELL, StepTimer.Step.COMMIT_RESULTS)) {
                    steps += row.<Double>getAs(step.column());
                }
                assertEquals(between, steps, 0.25 + 0.05 * between, "generation " + g + ": steps against commit times");
            }
        }
    }

    @Test
    void theProposalsASurrogateScoredAreCountedPerGenerationInTheTableAndTheSummary(@TempDir Path dir) {
        List<String> sets = new ArrayList<>(nb201Cifar10());
        sets.addAll(List.of("store.path=\"" + dir.resolve("store") + "\"", "search.budget=20", "search.batch=5",
                "search.strategy=predictor-guided", "strategy.predictor-guided.predictor=xgboost",
                "strategy.predictor-guided.warmup=10", "strategy.predictor-guided.proposals=4000",
                "strategy.predictor-guided.random-proposals=1000"));
        Map<String, Object> summary = new SearchJob(spark(), new GenerationListener() { }).run(NasConfig.load(null, sets), "p");
        ResultStore store = new ResultStore(spark(), dir.resolve("store").toString());
        store.registerViews();
        List<Row> rows = spark().sql("SELECT * FROM run_progress WHERE run_id = 'p' ORDER BY generation").collectAsList();
        assertEquals(4, rows.size());
        List<?> listed = (List<?>) summary.get("proposals");
        assertEquals(2, listed.size(), "two guided generations after 10 evaluations of warm-up: " + listed);
        for (int g = 0; g < rows.size(); g++) {
            Row row = rows.get(g);
            long proposals = row.<Long>getAs("proposals");
            if (g < 2) { // the inner strategy alone: nothing scored
                assertEquals(0, proposals);
                assertNull(row.getAs("proposals_per_s"));
            } else { // (4,000 + 1,000) x 5 asked
                assertEquals(25_000, proposals);
                assertEquals(25_000 / row.<Double>getAs("ask_s"), row.<Double>getAs("proposals_per_s"), 1e-6);
                Map<String, Object> generation = castMap(listed.get(g - 2));
                assertEquals(g, generation.get("generation"));
                assertEquals(25_000L, generation.get("proposals"));
                assertEquals(row.<Double>getAs("proposals_per_s"), (Double) generation.get("proposals_per_s"), 1e-6);
            }
        }
        assertEquals(50_000L, summary.get("proposals_total"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
