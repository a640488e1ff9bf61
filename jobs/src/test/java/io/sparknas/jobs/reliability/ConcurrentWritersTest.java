package io.sparknas.jobs.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * Two search drivers (two JVMs, different run ids) write to one store at the same time. The second
 * starts once the first has committed a generation and uses the same seed, so it proposes what the
 * first already evaluated: the shared cache must serve those, and the commits that race must be retried.
 */
@Tag("slow")
class ConcurrentWritersTest extends LocalSpark {

    private static List<String> search(Path store, String runId, Path summary) {
        List<String> args = new ArrayList<>(List.of("search", "--run-id", runId, "--set", "store.path=\"" + store + "\"",
                "--set", "spark.master=\"local[2]\"", "--set", "search.seed=5", "--set", "search.budget=20",
                "--set", "search.batch=5", "--set", "strategy.regularized-evolution.population=5",
                "--set", "strategy.regularized-evolution.sample=2", "--summary-json", summary.toString()));
        nb201Cifar10().forEach(s -> args.addAll(List.of("--set", s)));
        return args;
    }

    @Test
    void twoRunsOnOneStoreBothFinishLoseNothingAndShareTheCache(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        Path logA = dir.resolve("a.log");
        Path logB = dir.resolve("b.log");
        Process a = ChildJvm.nas(logA, search(store, "run-a", dir.resolve("a.json")));
        ChildJvm.await("run-a's generation 0 to be committed", () -> ChildJvm.committed(store, Tables.CHECKPOINTS, 1), a, logA,
                Duration.ofMinutes(15));
        Process b = ChildJvm.nas(logB, search(store, "run-b", dir.resolve("b.json")));
        assertEquals(0, ChildJvm.finish(a, logA, Duration.ofMinutes(20)), ChildJvm.tail(logA));
        assertEquals(0, ChildJvm.finish(b, logB, Duration.ofMinutes(20)), ChildJvm.tail(logB));
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
            assertEquals(20, summary.get("queries").asInt());
        }
        Dataset<Row> evaluations = results.read(Tables.EVALUATIONS);
        long rows = evaluations.count();
        assertEquals(rows, evaluations.select("canonical_key", "evaluator", "fidelity", "seed").distinct().count(),
                "one row per (canonical_key, evaluator, fidelity, seed)");
        assertEquals(rows, evaluations.select("canonical_key").distinct().count(), "no candidate evaluated twice");
        // nothing lost: every candidate of every committed population has its evaluation and its candidates row
        Dataset<Row> populationKeys = results.read(Tables.POPULATIONS).select("canonical_key").distinct();
        assertEquals(0, populationKeys.join(evaluations, populationKeys.col("canonical_key").equalTo(evaluations.col("canonical_key")),
                "left_anti").count(), "population members without an evaluation");
        assertEquals(rows, results.read(Tables.CANDIDATES).count(), "one candidates row per evaluated candidate");
        assertEquals(2, results.read(Tables.RUNS).filter(col("status").equalTo("FINISHED")).count());
        // each run's 20 queries are rows it wrote, or rows the other run won the race to write
        long ownA = evaluations.filter(col("run_id").equalTo("run-a")).count();
        long ownB = evaluations.filter(col("run_id").equalTo("run-b")).count();
        assertEquals(rows, ownA + ownB);
        assertTrue(ownA + ownB >= 20, "at least one run's worth of rows: " + ownA + " + " + ownB);

        long retriesLogged = Files.readAllLines(logA).stream().filter(l -> l.contains("Delta commit conflict")).count()
                + Files.readAllLines(logB).stream().filter(l -> l.contains("Delta commit conflict")).count();
        assertEquals(summaryA.get("commit_retries").asLong() + summaryB.get("commit_retries").asLong(), retriesLogged);
        System.out.printf("concurrent writers: run-a %d rows, run-b %d rows (cache hits %d), Delta conflicts retried %d%n",
                ownA, ownB, summaryB.get("cache_hits").asLong(), retriesLogged);
    }
}
