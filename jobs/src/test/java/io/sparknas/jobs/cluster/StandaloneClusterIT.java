package io.sparknas.jobs.cluster;

import io.sparknas.jobs.testing.Tags;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknas.jobs.search.SearchJob;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.testing.LocalSpark;
import io.sparknas.jobs.testing.StandaloneCluster;
import io.sparknas.population.testing.SharedBenchmarks;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assembly jar submitted with spark-submit to a real standalone cluster (a master and two
 * workers, separate JVMs on 127.0.0.1): the search must finish and leave the same Delta tables a
 * local run leaves. Runs in {@code integration-test}, after {@code package} built the assembly.
 */
@Tag("slow")
@Tag(Tags.SPARK_35)
class StandaloneClusterIT extends LocalSpark {
    private static final int BUDGET = 20;
    private static final String RUN_ID = "cluster-it";

    @Test
    void searchSubmittedToAStandaloneClusterWritesTheDeltaTables(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("warehouse");
        Path summary = dir.resolve("summary.json");
        // logs of the master, workers, executors and the submission stay in jobs/target for a failed CI run
        Path clusterDir = Files.createDirectories(SharedBenchmarks.repoRoot().resolve("jobs/target/standalone-cluster-it"));
        long started = System.nanoTime();
        StandaloneCluster cluster = StandaloneCluster.start(Files.createTempDirectory(clusterDir, "run-"), 2, 1, "1g");
        try (cluster) {
            List<String> args = StandaloneCluster.nasArguments(
                    "search", "--config", SharedBenchmarks.repoRoot().resolve("conf/nb201-tabular.conf").toString(),
                    "--run-id", RUN_ID, "--summary-json", summary.toString());
            for (String set : List.of(nb201Tables(), "store.path=\"" + store + "\"", "search.budget=" + BUDGET,
                    "search.batch=10",
                    // the lookups too run as tasks on the cluster's executors: the path a training evaluator takes
                    "search.lookups-on-driver=false")) {
                args.addAll(List.of("--set", set));
            }
            int code = cluster.submitAndWait("submit", args,
                    Map.of("SPARKNAS_HOME", SharedBenchmarks.repoRoot().toString()), Duration.ofMinutes(25));
            assertEquals(0, code, "spark-submit failed:\n" + StandaloneCluster.tail(cluster.log("submit")));
        }
        assertTrue(cluster.alive().isEmpty(), "processes left running: " + cluster.alive());
        System.out.printf("standalone cluster: start, submit and stop took %.0f s%n", (System.nanoTime() - started) / 1e9);

        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        assertEquals(RUN_ID, json.get("run_id").asText());
        assertEquals(BUDGET, json.get("queries").asInt());

        ResultStore results = new ResultStore(spark(), store.toString());
        Row run = results.findRun(RUN_ID).orElseThrow();
        assertEquals(SearchJob.FINISHED, run.getString(run.fieldIndex(Columns.STATUS)));
        assertTrue(run.getTimestamp(run.fieldIndex(Columns.FINISHED_AT)) != null);

        List<Row> evaluations = results.read(Tables.EVALUATIONS).filter(col(Columns.RUN_ID).equalTo(RUN_ID)).collectAsList();
        assertEquals(BUDGET, evaluations.size());
        Set<String> executors = evaluations.stream().map(r -> r.getString(r.fieldIndex(Columns.EXECUTOR)))
                .collect(Collectors.toSet());
        assertTrue(Set.of("0", "1").containsAll(executors), "evaluated on the cluster's executors, not the driver: " + executors);
        for (Row evaluation : evaluations) {
            assertEquals("OK", evaluation.getString(evaluation.fieldIndex(Columns.STATUS)));
            double valid = evaluation.<String, Double>getJavaMap(evaluation.fieldIndex(Columns.METRICS)).get("cifar10_valid_val_acc");
            assertTrue(valid > 0 && valid < 100, "a real NB201 validation accuracy: " + valid);
        }
        long candidates = results.read(Tables.CANDIDATES).filter(col(Columns.FIRST_RUN_ID).equalTo(RUN_ID)).count();
        assertEquals(BUDGET, candidates);
        assertTrue(results.read(Tables.CHECKPOINTS).filter(col(Columns.RUN_ID).equalTo(RUN_ID)).count() >= 2,
                "at least two generations of 10 committed");
        assertTrue(results.read(Tables.POPULATIONS).filter(col(Columns.RUN_ID).equalTo(RUN_ID)).count() > 0);
    }
}
