package io.sparknas.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a run says at its start and end, {@code runs}, {@code sql --format} and {@code report} without a
 * run id, through the CLI on real NB201 searches; every printed value is checked against the tables.
 */
class RunSpeaksTest extends LocalSpark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(List<String> args) {
        spark(); // the shared test session
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = NasCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new Outcome(code, out.toString(), err.toString().trim());
    }

    private static List<String> command(Path store, String... words) {
        List<String> args = new ArrayList<>(List.of(words));
        nb201Cifar10().forEach(set -> args.addAll(List.of("--set", set)));
        args.addAll(List.of("--set", "store.path=\"" + store + "\"", "--set", "search.budget=20", "--set", "search.batch=10"));
        return args;
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting '" + prefix + "' in:\n" + out));
    }

    @Test
    void aRunSaysItsIdAndResumeCommandThenItsAnswerAndTheStoreListsIt(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        Outcome first = run(command(store, "search", "--set", "search.seed=3"));
        assertEquals(0, first.code(), first.err());
        ResultStore results = new ResultStore(spark(), store.toString());
        Row stored = results.read(Tables.RUNS).first();
        String id = stored.getAs("run_id");
        assertEquals("run " + id + " (store " + results.root() + ")", line(first.out(), "run " + id + " ("));
        // the resume command is this command line with the generated run id
        String resume = line(first.out(), "if it stops, resume it with: ").substring("if it stops, resume it with: ".length());
        assertTrue(resume.startsWith("bin/nas search --set ") && resume.endsWith(" --run-id " + id), resume);
        assertTrue(resume.contains("search.seed=3"), resume);

        // the answer as the leaderboard has it: rank 1 of the run
        results.registerViews();
        Row best = spark().sql("SELECT arch, objective_value, report_value FROM leaderboard WHERE run_id = '" + id
                + "' AND rank = 1 ORDER BY canonical_key").first();
        long generations = results.read(Tables.CHECKPOINTS).filter(col("run_id").equalTo(id)).count();
        assertEquals("run " + id + " finished: 20 evaluations in " + generations + " generations",
                line(first.out(), "run " + id + " finished"));
        assertEquals("best: " + best.getString(0), line(first.out(), "best: "));
        String metrics = line(first.out(), "  cifar10_valid_val_acc ");
        assertTrue(metrics.contains(" " + best.getDouble(1)) && metrics.contains("cifar10_test_acc "), metrics);
        assertEquals("store: " + results.root(), line(first.out(), "store: "));
        assertTrue(line(first.out(), "  bin/nas report --run-id " + id).endsWith("--set 'store.path=\"" + results.root() + "\"'"),
                first.out());
        assertTrue(line(first.out(), "  bin/nas train-final --run-id " + id).endsWith("--set 'store.path=\"" + results.root()
                + "\"'"), first.out());

        Outcome second = run(command(store, "search", "--run-id", "second", "--set", "search.seed=4"));
        assertEquals(0, second.code(), second.err());
        String again = line(second.out(), "if it stops, resume it with: ");
        assertEquals(1, again.split("--run-id", -1).length - 1, "a given --run-id is not repeated: " + again);

        // runs: newest first, values from the tables
        Outcome csv = run(command(store, "runs", "--format", "csv"));
        assertEquals(0, csv.code(), csv.err());
        List<String> lines = csv.out().lines().toList();
        assertEquals("run_id,status,strategy,space,evaluations,objective,best,best_report,best_arch,started_at,finished_at",
                lines.get(0));
        assertEquals(3, lines.size(), csv.out());
        assertTrue(lines.get(1).startsWith("second,FINISHED,regularized-evolution,nb201,20,cifar10_valid_val_acc,"), lines.get(1));
        assertTrue(lines.get(2).startsWith(id + ",FINISHED,"), lines.get(2));
        List<JsonNode> json = new ArrayList<>();
        for (String l : run(command(store, "runs", "--format", "json")).out().lines().toList()) {
            json.add(JSON.readTree(l));
        }
        JsonNode mine = json.get(1);
        assertEquals(id, mine.get("run_id").asText());
        assertEquals(results.read(Tables.EVALUATIONS).filter(col("run_id").equalTo(id)).count(), mine.get("evaluations").asLong());
        assertEquals(best.getDouble(1), mine.get("best").asDouble(), 1e-9);
        assertEquals(best.getString(0), mine.get("best_arch").asText());
        Outcome table = run(command(store, "runs", "--rows", "1"));
        assertTrue(table.out().contains("|second|FINISHED|") && !table.out().contains(id), table.out());

        // report without --run-id: the latest run
        Path page = dir.resolve("page");
        Outcome report = run(command(store, "report", "--out", page.toString()));
        assertEquals(0, report.code(), report.err());
        assertTrue(report.out().startsWith("report of run second: "), report.out());
        assertTrue(Files.readString(page.resolve("index.html")).contains("second"));
    }

    @Test
    void sqlPrintsCsvAndJsonLinesAndABadFormatIsOneLine(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        assertEquals(0, run(command(store, "search", "--run-id", "r")).code());
        Outcome csv = run(command(store, "sql", "--format", "csv",
                "SELECT count(*) AS n, 'a,\"b\"' AS text, CAST(NULL AS STRING) AS none FROM evaluations"));
        assertEquals(0, csv.code(), csv.err());
        assertEquals(List.of("n,text,none", "20,\"a,\"\"b\"\"\","), csv.out().lines().toList());
        Outcome json = run(command(store, "sql", "--format", "json", "SELECT run_id, status FROM runs"));
        assertEquals(List.of("{\"run_id\":\"r\",\"status\":\"FINISHED\"}"), json.out().lines().toList());
        Outcome bad = run(command(store, "sql", "--format", "xml", "SELECT 1"));
        assertEquals(NasCli.BAD_INPUT, bad.code());
        assertEquals("sparknas: --format must be table, csv or json, got 'xml'", bad.err());
        Outcome empty = run(command(dir.resolve("empty"), "runs"));
        assertEquals(NasCli.BAD_INPUT, empty.code());
        assertTrue(empty.err().contains("holds no runs yet") && !empty.err().contains("\n"), empty.err());
        assertFalse(Files.exists(dir.resolve("empty")), "listing an empty store writes nothing");
    }
}
