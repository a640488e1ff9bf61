package io.sparknas.jobs.maintain;

import io.sparknas.jobs.cli.NasCli;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.engine.GenerationListener;
import io.sparknas.jobs.search.SearchJob;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** maintain compacts the tables, vacuums the files no version needs, keeps every row, and waits for a writing run. */
@Tag("slow")
class MaintainJobTest extends LocalSpark {

    private static List<String> store(Path dir) {
        return store(dir, 40);
    }

    private static List<String> store(Path dir, int budget) {
        List<String> sets = new ArrayList<>(nb201Cifar10());
        sets.addAll(List.of("store.path=\"" + dir.resolve("store") + "\"", "search.budget=" + budget, "search.batch=10"));
        return sets;
    }

    @Test
    void compactsAndVacuumsEveryTableKeepingEveryRowAndTurnsOnTheChangeFeed(@TempDir Path dir) {
        new SearchJob(spark(), new GenerationListener() { }).run(NasConfig.load(null, store(dir)), "m");
        ResultStore store = new ResultStore(spark(), dir.resolve("store").toString());
        long evaluationsBefore = store.read(Tables.EVALUATIONS).count();
        long populationFiles = store.fileCount(Tables.POPULATIONS);
        assertTrue(populationFiles >= 4, "a file per generation at least: " + populationFiles);

        List<String> sets = new ArrayList<>(store(dir));
        sets.add("maintain.retention-hours=0");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        // Delta's VACUUM prints "Deleted N files…" on Scala's Console: watched here, it must stay out of the output
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Map<String, Object> summary = scala.Console$.MODULE$.withOut(console,
                new scala.runtime.AbstractFunction0<Map<String, Object>>() {
                    @Override
                    public Map<String, Object> apply() {
                        return MaintainJob.run(spark(), NasConfig.load(null, sets), new PrintStream(printed));
                    }
                });
        assertFalse(console.toString().contains("Deleted") || printed.toString().contains("Deleted"),
                console + "\n" + printed);

        assertEquals(evaluationsBefore, store.read(Tables.EVALUATIONS).count(), "no row lost");
        assertEquals(40, store.read(Tables.EVALUATIONS).count());
        for (Tables table : List.of(Tables.EVALUATIONS, Tables.POPULATIONS, Tables.CHECKPOINTS, Tables.CANDIDATES)) {
            assertEquals(1, store.fileCount(table), table + " compacted into one file");
            List<String> operations = store.history(table);
            assertTrue(operations.contains("OPTIMIZE") && operations.contains("VACUUM END"), table + ": " + operations);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tables = (List<Map<String, Object>>) summary.get("tables");
        Map<String, Object> populations = tables.stream().filter(t -> t.get("table").equals("populations")).findFirst()
                .orElseThrow();
        assertEquals(populationFiles, populations.get("files_before"));
        assertEquals(1L, populations.get("files_after"));
        assertTrue(printed.toString().contains("populations"), printed.toString());
        // the feed is on for runs and evaluations: a later commit's changes can be read back (the VACUUM with
        // retention 0 removed the feed files of the versions before it, as it removes every unneeded file)
        long maintained = store.version(Tables.RUNS);
        spark().sql("UPDATE delta.`" + store.path(Tables.RUNS) + "` SET strategy = 'renamed' WHERE run_id = 'm'");
        List<Row> changes = spark().read().format("delta").option("readChangeFeed", "true")
                .option("startingVersion", maintained + 1).load(store.path(Tables.RUNS))
                .filter("_change_type = 'update_postimage'").collectAsList();
        assertEquals(1, changes.size());
        assertEquals("renamed", changes.get(0).getAs("strategy"));
    }

    @Test
    void aRunHoldingItsLeaseIsNotMaintainedUnderAndNothingIsWritten(@TempDir Path dir) {
        new SearchJob(spark(), new GenerationListener() { }).run(NasConfig.load(null, store(dir, 10)), "held");
        ResultStore store = new ResultStore(spark(), dir.resolve("store").toString());
        spark().sql("UPDATE delta.`" + store.path(Tables.RUNS) + "` SET status = 'RUNNING', lease_owner = 'vm/1/x', "
                + "lease_expires_at = current_timestamp() + INTERVAL 1 HOUR WHERE run_id = 'held'");
        long version = store.version(Tables.EVALUATIONS);
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("maintain"));
        store(dir, 10).forEach(s -> args.addAll(List.of("--set", s)));
        int code = NasCli.execute(new PrintWriter(err, true), args.toArray(String[]::new));
        assertEquals(NasCli.BAD_INPUT, code, err.toString());
        String message = err.toString().strip();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("run held is RUNNING (lease held by vm/1/x until "), message);
        assertEquals(version, store.version(Tables.EVALUATIONS), "nothing written");
        assertEquals(SearchJob.RUNNING, store.findRun("held").orElseThrow().getAs("status"));
    }
}
