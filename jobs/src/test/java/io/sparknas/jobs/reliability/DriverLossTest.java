package io.sparknas.jobs.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.jobs.cli.NasCli;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.population.SearchState;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The driver JVM is killed (SIGKILL) after its first committed generation, while the next one runs;
 * the same command with the same --run-id then finishes the run, and everything equals a run that was
 * never interrupted.
 */
@Tag("slow")
class DriverLossTest extends LocalSpark {
    private static final String RUN = "killed-driver";

    /** A multi-objective NSGA-II run of three generations of five candidates on the real NB201 tables. */
    private static List<String> search(Path store) {
        return search(store, "nsga2");
    }

    /**
     * @param strategy {@code nsga2}, or {@code predictor-guided} around it after one generation of warm-up, whose
     *                 125,000 proposals a generation run as two Spark tasks (proposal rounds on the executors)
     */
    private static List<String> search(Path store, String strategy) {
        List<String> args = new ArrayList<>(List.of("search", "--run-id", RUN, "--set", "store.path=\"" + store + "\"",
                "--set", "spark.master=\"local[2]\"", "--set", "search.strategy=" + strategy, "--set", "search.seed=11",
                "--set", "strategy.predictor-guided.inner=nsga2", "--set", "strategy.predictor-guided.warmup=5",
                "--set", "strategy.predictor-guided.proposals=20000", "--set", "strategy.predictor-guided.random-proposals=5000",
                "--set", "search.objectives=[\"cifar10_valid_val_acc:max\", \"params:min\"]",
                "--set", "search.budget=15", "--set", "search.batch=5", "--set", "strategy.nsga2.population=5"));
        nb201Cifar10().forEach(s -> args.addAll(List.of("--set", s)));
        return args;
    }

    private static int nas(List<String> args) {
        spark();
        StringWriter err = new StringWriter();
        int code = NasCli.execute(new PrintWriter(err, true), args.toArray(String[]::new));
        assertEquals(0, code, err.toString());
        return code;
    }

    @ParameterizedTest
    @ValueSource(strings = {"nsga2", "predictor-guided"})
    void aKilledDriverResumesFromItsLastCommittedGenerationToTheUninterruptedResult(String strategy, @TempDir Path dir)
            throws Exception {
        Path straight = dir.resolve("straight");
        nas(search(straight, strategy));

        Path crashed = dir.resolve("crashed");
        Path log = dir.resolve("driver.log");
        Process driver = ChildJvm.nas(log, search(crashed, strategy));
        // checkpoints: version 0 creates the table, version 1 is generation 0's state
        ChildJvm.await("generation 0 to be committed", () -> ChildJvm.committed(crashed, Tables.CHECKPOINTS, 1), driver, log,
                Duration.ofMinutes(15));
        // kill while generation 1 runs: as soon as its evaluations are committed (evaluations version 2), or its state is
        ChildJvm.await("generation 1 to commit something", () -> ChildJvm.committed(crashed, Tables.EVALUATIONS, 2)
                || ChildJvm.committed(crashed, Tables.CHECKPOINTS, 2), driver, log, Duration.ofMinutes(10));
        driver.destroyForcibly().waitFor();
        boolean generation1Committed = ChildJvm.committed(crashed, Tables.CHECKPOINTS, 2);
        System.out.println("driver killed with generation 1 " + (generation1Committed ? "committed" : "not yet committed")
                + "; its log ends:\n" + ChildJvm.tail(log));

        ResultStore crashedStore = new ResultStore(spark(), crashed.toString());
        assertEquals("RUNNING", crashedStore.findRun(RUN).orElseThrow().getAs("status"));
        int committed = crashedStore.lastCheckpoint(RUN).orElseThrow().getKey();
        assertTrue(committed < 2, "killed before the last generation was committed, got " + committed);

        Path summary = dir.resolve("resumed.json");
        List<String> resume = new ArrayList<>(search(crashed, strategy));
        resume.addAll(List.of("--summary-json", summary.toString()));
        nas(resume);
        JsonNode resumed = new ObjectMapper().readTree(summary.toFile());
        assertTrue(resumed.get("resumed").asBoolean());
        assertEquals(15, resumed.get("queries").asInt());
        if (strategy.equals("predictor-guided")) { // the resumed generations scored their 125,000 proposals each
            assertEquals(125_000, resumed.get("proposals").get(resumed.get("proposals").size() - 1).get("proposals").asLong());
            assertEquals(250_000, SearchState.fromJson(new ResultStore(spark(), crashed.toString()).lastCheckpoint(RUN)
                    .orElseThrow().getValue()).counter("proposals_scored"));
        }

        ResultStore straightStore = new ResultStore(spark(), straight.toString());
        assertEquals("FINISHED", crashedStore.findRun(RUN).orElseThrow().getAs("status"));
        assertEquals(SearchState.fromJson(straightStore.lastCheckpoint(RUN).orElseThrow().getValue()).toJson(),
                SearchState.fromJson(crashedStore.lastCheckpoint(RUN).orElseThrow().getValue()).toJson(), "final state");
        assertEquals(rows(straightStore, Tables.POPULATIONS, "generation", "canonical_key", "rank", "objectives", "is_pareto"),
                rows(crashedStore, Tables.POPULATIONS, "generation", "canonical_key", "rank", "objectives", "is_pareto"),
                "every generation's population");
        List<String> front = paretoFront(straightStore);
        assertFalse(front.isEmpty());
        assertEquals(front, paretoFront(crashedStore), "the final Pareto front");

        // a map's entries print in insertion order, which differs between JVMs: compare them sorted
        String metrics = "array_sort(map_entries(metrics)) AS metrics";
        List<String> evaluations = rows(crashedStore, Tables.EVALUATIONS, "canonical_key", "evaluator", "fidelity", "seed",
                "generation", "status", metrics);
        assertEquals(rows(straightStore, Tables.EVALUATIONS, "canonical_key", "evaluator", "fidelity", "seed", "generation",
                "status", metrics), evaluations, "the same evaluations, none lost");
        long distinctKeys = crashedStore.read(Tables.EVALUATIONS).select("canonical_key", "evaluator", "fidelity", "seed")
                .distinct().count();
        assertEquals(evaluations.size(), distinctKeys, "one row per (canonical_key, evaluator, fidelity, seed)");
        assertEquals(15, evaluations.size());
    }

    /**
     * SIGTERM (Airflow stopping a task) ends the driver with exit 143 and one line naming the run to
     * resume, not the traces of the Spark jobs the shutdown cancels; the same command then finishes the run.
     */
    @Test
    void sigtermEndsTheDriverWithOneLineAndExit143AndTheRunResumes(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        Path out = dir.resolve("driver.out");
        Path err = dir.resolve("driver.err");
        Process driver = ChildJvm.nas(out, err, search(store));
        ChildJvm.await("generation 0 to be committed", () -> ChildJvm.committed(store, Tables.CHECKPOINTS, 1), driver, err,
                Duration.ofMinutes(15));
        driver.destroy(); // SIGTERM
        int code = ChildJvm.finish(driver, err, Duration.ofMinutes(1));
        List<String> lines = java.nio.file.Files.readAllLines(err);
        assertEquals(143, code, String.join("\n", lines));
        assertEquals("sparknas: interrupted; re-run with --run-id " + RUN + " to resume", lines.get(lines.size() - 1));
        assertTrue(lines.stream().noneMatch(line -> line.startsWith("\tat ") || line.contains("ERROR")),
                "no trace and no error log: " + String.join("\n", lines));

        Path summary = dir.resolve("resumed.json");
        List<String> resume = new ArrayList<>(search(store));
        resume.addAll(List.of("--summary-json", summary.toString()));
        nas(resume);
        JsonNode resumed = new ObjectMapper().readTree(summary.toFile());
        assertTrue(resumed.get("resumed").asBoolean());
        assertEquals(15, resumed.get("queries").asInt());
        assertEquals("FINISHED", new ResultStore(spark(), store.toString()).findRun(RUN).orElseThrow().getAs("status"));
    }

    private static List<String> rows(ResultStore store, Tables table, String... columns) {
        return store.read(table).filter(col("run_id").equalTo(RUN)).selectExpr(columns).collectAsList().stream()
                .map(Row::toString).sorted().toList();
    }

    private static List<String> paretoFront(ResultStore store) {
        store.registerViews();
        return store.read(Tables.POPULATIONS).sparkSession().sql(
                "SELECT generation, canonical_key, objectives FROM pareto_front WHERE run_id = '" + RUN + "'")
                .collectAsList().stream().map(Row::toString).sorted().toList();
    }
}
