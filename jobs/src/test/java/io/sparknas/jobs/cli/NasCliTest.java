package io.sparknas.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.jobs.testing.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NasCliTest extends LocalSpark {

    private record Outcome(int code, String err) {
    }

    private static Outcome run(String... args) {
        spark(); // the shared test session, so the commands do not start their own
        StringWriter err = new StringWriter();
        int code = NasCli.execute(new PrintWriter(err, true), args);
        return new Outcome(code, err.toString().trim());
    }

    private static void assertBadInput(Outcome outcome, String expected) {
        assertEquals(NasCli.BAD_INPUT, outcome.code(), outcome.err());
        assertTrue(outcome.err().contains(expected), outcome.err());
        assertFalse(outcome.err().contains("\n"), "one line: " + outcome.err());
    }

    /** {@code bench benchmark} with the NB201 CIFAR-10 tables. */
    private static String[] benchmark(String... extra) {
        return benchmarkAs(List.of("bench", "benchmark"), extra);
    }

    /** The benchmark command called by {@code words}: the bench group's name, or the old top-level one. */
    private static String[] benchmarkAs(List<String> words, String... extra) {
        List<String> args = new ArrayList<>(words);
        nb201Cifar10().forEach(set -> args.addAll(List.of("--set", set)));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void benchmarkWritesTheSummaryJsonOfTheContract(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("out.json");
        Outcome outcome = run(benchmark("--set", "benchmark.budget=30", "--set", "benchmark.seeds=3",
                "--summary-json", json.toString()));
        assertEquals(0, outcome.code(), outcome.err());
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, summary.size());
        assertEquals("random", summary.get(0).get("strategy").asText());
        assertEquals("regularized-evolution", summary.get(1).get("strategy").asText());
        for (JsonNode strategy : summary) {
            for (String field : List.of("report_mean", "report_std", "report_median", "queries_to_optimum_median",
                    "relative_improvement", "budget", "seeds")) {
                assertTrue(strategy.has(field), field);
            }
            assertEquals(30, strategy.get("budget").asInt());
            assertEquals(3, strategy.get("seeds").asInt());
            assertTrue(strategy.get("report_mean").asDouble() > 87 && strategy.get("report_mean").asDouble() < 94.38);
            JsonNode queries = strategy.get("per_seed_queries_to_optimum");
            assertEquals(3, queries.size());
            int reached = 0;
            for (JsonNode query : queries) {
                assertTrue(query.isNull() || query.asInt() >= 1 && query.asInt() <= 30, query.toString());
                reached += query.isNull() ? 0 : 1;
            }
            assertEquals(strategy.get("runs_reaching_optimum").asInt(), reached);
        }
    }

    @Test
    void benchmarkPoolPoolsTheSeedsOfTwoBenchmarkCommands(@TempDir Path dir) throws IOException {
        Path first = dir.resolve("s0.json");
        Path second = dir.resolve("s3.json");
        // the old top-level names (scripts and DAGs call them) run the same commands as the bench group's
        assertEquals(0, run(benchmarkAs(List.of("benchmark"), "--set", "benchmark.budget=30", "--set", "benchmark.seeds=3",
                "--summary-json", first.toString())).code());
        assertEquals(0, run(benchmark("--set", "benchmark.budget=30", "--set", "benchmark.seeds=3",
                "--set", "benchmark.first-seed=3", "--summary-json", second.toString())).code());
        Path pooled = dir.resolve("pooled.json");
        Outcome outcome = run("bench", "pool", first.toString(), second.toString(), "--summary-json", pooled.toString());
        assertEquals(0, outcome.code(), outcome.err());
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(first.toFile());
        JsonNode b = json.readTree(second.toFile());
        JsonNode rows = json.readTree(pooled.toFile());
        assertEquals(2, rows.size());
        for (int s = 0; s < 2; s++) {
            JsonNode row = rows.get(s);
            assertEquals(a.get(s).get("strategy").asText(), row.get("strategy").asText());
            assertEquals(6, row.get("seeds").asInt());
            double sum = 0;
            for (JsonNode file : List.of(a, b)) {
                for (JsonNode value : file.get(s).get("per_seed_report")) {
                    sum += value.asDouble();
                }
            }
            assertEquals(sum / 6, row.get("report_mean").asDouble(), 1e-9);
            assertEquals(a.get(s).get("runs_reaching_optimum").asInt() + b.get(s).get("runs_reaching_optimum").asInt(),
                    row.get("runs_reaching_optimum").asInt());
        }
        // random search paired by seed with regularized evolution over the six seeds
        assertEquals("regularized-evolution", rows.get(0).get("baseline").asText());
        assertEquals(6, rows.get(0).get("paired_seeds").asInt());
        assertEquals(rows.get(0).get("report_mean").asDouble() - rows.get(1).get("report_mean").asDouble(),
                rows.get(0).get("paired_difference_mean").asDouble(), 1e-9);
        assertBadInput(run("benchmark-pool", first.toString(), first.toString()), "seed 0 of random is already in another file");
        assertBadInput(run("bench", "benchmark-pool", first.toString(), first.toString()), "seed 0 of random is already in another file");
    }

    @Test
    void badInputExitsWithCode2AndOneLineNamingTheCulprit(@TempDir Path dir) throws IOException {
        assertBadInput(run(benchmark("--set", "benchmark.budjet=3")), "unknown config key 'benchmark.budjet'");
        assertBadInput(run(benchmark("--set", "benchmark.strategies=[random, simulated-annealing]")),
                "unknown strategy 'simulated-annealing'");
        assertBadInput(run(benchmark("--set", "benchmark.budget=0")), "config key 'benchmark.budget' must be > 0, got 0");
        assertBadInput(run(benchmark("--set", "evaluator.tabular.objective=cifar10_val")), "column 'cifar10_val' is in none of evaluator.tabular.tables");
        assertBadInput(run(benchmark("--set", "evaluator.tabular.tables=[/nonexistent/x.csv]")), "no such file: /nonexistent/x.csv");
        assertBadInput(run(benchmark("--config", dir.resolve("missing.conf").toString())), "missing.conf: no such file");
        Path notDelta = Files.createDirectories(dir.resolve("store/runs"));
        Files.writeString(notDelta.resolve("_delta_log"), "not a folder");
        assertBadInput(run("search", "--set", "store.path=\"" + dir.resolve("store") + "\""), "cannot be opened as a Delta table");
        assertEquals(NasCli.BAD_INPUT, run("no-such-command").code());
        assertBadInput(run("bench"), "Missing required subcommand");
        assertBadInput(run("bench", "latency-benchh"), "latency-benchh");
    }

    @Test
    void predictorBenchRanksHeldOutArchitecturesAndRejectsUnknownKinds(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("pred.json");
        List<String> args = new ArrayList<>(List.of("bench", "predictor", "--set", nb201Tables(),
                "--set", "evaluator.tabular.objective=cifar10_valid_val_acc", "--set", "predictor-bench.kinds=[xgboost]",
                "--set", "predictor-bench.train-sizes=[100]", "--set", "predictor-bench.seeds=1", "--summary-json", json.toString()));
        Outcome outcome = run(args.toArray(String[]::new));
        assertEquals(0, outcome.code(), outcome.err());
        JsonNode result = new ObjectMapper().readTree(json.toFile()).get(0);
        assertEquals("xgboost", result.get("kind").asText());
        assertEquals(100, result.get("train_size").asInt());
        assertTrue(result.get("kendall_tau_mean").asDouble() > 0.6, result.toString());
        assertTrue(result.get("spearman_mean").asDouble() > result.get("kendall_tau_mean").asDouble());
        assertTrue(result.has("kendall_tau_std"));
        args.set(7, "predictor-bench.kinds=[xgboost, gradient-descent-oracle]");
        assertBadInput(run(args.toArray(String[]::new)), "unknown predictor kind 'gradient-descent-oracle'");
        args.subList(0, 2).clear();
        args.add(0, "predictor-bench"); // the old name, with the same options
        assertBadInput(run(args.toArray(String[]::new)), "unknown predictor kind 'gradient-descent-oracle'");
    }
}
