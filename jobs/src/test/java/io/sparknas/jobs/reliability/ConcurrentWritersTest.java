package io.sparknas.jobs.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.jobs.cli.NasCli;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two search drivers write to one store at the same time: run-a in a JVM of its own, run-b in this
 * test's JVM (different run ids, one Spark application each). run-b starts the moment run-a has
 * committed its first generation (this JVM's Spark is already up, so run-a still has generations to
 * go, however slow the machine) and uses the same seed, so it proposes what run-a already evaluated:
 * the shared cache must serve those, and the commits that race must be retried.
 */
@Tag("slow")
class ConcurrentWritersTest extends LocalSpark {

    /** run-a spends 40 queries, run-b 20: run-a is still writing while run-b starts, even on a loaded machine. */
    private static List<String> search(Path store, String runId, Path summary) {
        List<String> args = new ArrayList<>(List.of("search", "--run-id", runId, "--set", "store.path=\"" + store + "\"",
                "--set", "spark.master=\"local[2]\"", "--set", "search.seed=5",
                "--set", "search.budget=" + budget(runId),
                "--set", "search.batch=5", "--set", "strategy.regularized-evolution.population=5",
                "--set", "strategy.regularized-evolution.sample=2", "--summary-json", summary.toString()));
        nb201Cifar10().forEach(s -> args.addAll(List.of("--set", s)));
        return args;
    }

    private static int budget(String runId) {
        return runId.equals("run-a") ? 40 : 20;
    }

    @Test
    void twoRunsOnOneStoreBothFinishLoseNothingAndShareTheCache(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        Path logA = dir.resolve("a.log");
        spark();
        Process a = ChildJvm.nas(logA, search(store, "run-a", dir.resolve("a.json")));
        ChildJvm.await("run-a's generation 0 to be committed", () -> ChildJvm.committed(store, Tables.CHECKPOINTS, 1), a, logA,
                Duration.ofMinutes(20));
        assertTrue(a.isAlive(), "run-a has generations to go when run-b starts");
        StringWriter errB = new StringWriter();
        assertEquals(0, NasCli.execute(new PrintWriter(errB, true), search(store, "run-b", dir.resolve("b.json"))
                .toArray(String[]::new)), errB.toString());
        assertEquals(0, ChildJvm.finish(a, logA, Duration.ofMinutes(20)), ChildJvm.tail(logA));
        JsonNode summaryA = new ObjectMapper().readTree(dir.resolve("a.json").toFile());
        JsonNode summaryB = new ObjectMapper().readTree(dir.resolve("b.json").toFile());

        ResultStore results = new ResultStore(spark(), store.toString());
        // the two drivers really wrote at the same time: run-b committed a generation before run-a's last
        Dataset<Row> checkpoints = results.read(Tables.CHECKPOINTS);
        Timestamp firstOfB = checkpoints.filter(col("run_id").equalTo("run-b")).agg(min("committed_at")).first().getTimestamp(0);
        Timestamp lastOfA = checkpoints.filter(col("run_id").equalTo("run-a")).agg(max("committed_at")).first().getTimestamp(0);
        assertTrue(firstOfB.before(lastOfA), "overlap: run-b's first commit " + firstOfB + " before run-a's last " + lastOfA);

        assertTrue(summaryB.get("cache_hits").asLong() > 0, "run-b is served what run-a committed: " + summaryB);
        for (JsonNode summary : List.of(summaryA, summaryB)) {
            assertEquals("FINISHED", summary.get("status").asText());
            assertEquals(budget(summary.get("run_id").asText()), summary.get("queries").asInt());
        }
        Dataset<Row> evaluations = results.read(Tables.EVALUATIONS);
        long rows = evaluations.count();
        assertEquals(rows, evaluations.select("canonical_key", "evaluator", "fidelity", "seed").distinct().count(),
                "one row per (canonical_key, evaluator, fidelity, seed)");
        assertEquals(rows, evaluations.select("canonical_key").distinct().count(), "no candidate evaluated twice");
        // nothing lost: every candidate of every committed population has its evaluation, every evaluation its candidate
        Dataset<Row> populationKeys = results.read(Tables.POPULATIONS).select("canonical_key").distinct();
        assertEquals(0, populationKeys.join(evaluations, populationKeys.col("canonical_key").equalTo(evaluations.col("canonical_key")),
                "left_anti").count(), "population members without an evaluation");
        assertEquals(rows, results.read(Tables.CANDIDATES).count(), "one candidates row per evaluated candidate");
        assertEquals(2, results.read(Tables.RUNS).filter(col("status").equalTo("FINISHED")).count());
        assertEquals(2, checkpoints.select("run_id").distinct().count());
        long ownA = evaluations.filter(col("run_id").equalTo("run-a")).count();
        long ownB = evaluations.filter(col("run_id").equalTo("run-b")).count();
        assertEquals(rows, ownA + ownB);
        assertTrue(ownA >= 5, "run-a's generation 0 is its own: " + ownA);

        long retriesLoggedByA = Files.readAllLines(logA).stream().filter(l -> l.contains("Delta commit conflict")).count();
        assertEquals(summaryA.get("commit_retries").asLong(), retriesLoggedByA, "each retry is one log line");
        System.out.printf("concurrent writers: run-a wrote %d rows, run-b %d (cache hits %d); Delta conflicts retried: "
                        + "run-a %d, run-b %d%n", ownA, ownB, summaryB.get("cache_hits").asLong(), retriesLoggedByA,
                summaryB.get("commit_retries").asLong());
    }
}
