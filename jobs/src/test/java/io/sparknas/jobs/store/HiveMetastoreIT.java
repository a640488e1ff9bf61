package io.sparknas.jobs.store;

import io.sparknas.jobs.cli.NasCli;
import io.sparknas.population.testing.SharedBenchmarks;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store in a real Hive metastore (spark-hive, embedded Derby, local mode): a search with
 * {@code store.register} registers its tables and views; then a second Spark session, configured as a
 * platform configures one (Delta, Hive support, the same metastore) and using nothing of sparknas, queries
 * {@code sparknas.leaderboard} and {@code sparknas.evaluations} by name and gets the rows the search wrote.
 * An {@code *IT} class: it needs a JVM of its own (Spark's one context per JVM; the shared local session of
 * the other tests has no Hive support), which the {@code cluster-tests} execution gives each class.
 */
@Tag("slow")
class HiveMetastoreIT {
    private static final String RUN = "hive";
    private static final String OBJECTIVE = "cifar10_valid_val_acc";

    @TempDir
    Path dir;

    /** A platform's session: Delta's extension and catalog, Hive support, the metastore and warehouse under {@code dir}. */
    private static SparkSession platformSession(Path dir, String name) {
        return SparkSession.builder().master("local[2]").appName(name)
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toString())
                .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                        "jdbc:derby:;databaseName=" + dir.resolve("metastore_db") + ";create=true")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .enableHiveSupport().getOrCreate();
    }

    private static void stop(SparkSession spark) {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    private record Cli(int code, String err) {
    }

    private static Cli nas(String... args) {
        StringWriter err = new StringWriter();
        int code = NasCli.execute(new PrintWriter(err, true), args);
        return new Cli(code, err.toString().trim());
    }

    private static String[] search(Path store, String runId) {
        List<String> args = new ArrayList<>(List.of("search", "--run-id", runId));
        List<String> sets = List.of("evaluator.tabular.tables=[\"" + SharedBenchmarks.file(SharedBenchmarks.PERSEED) + "\",\""
                        + SharedBenchmarks.file(SharedBenchmarks.TEST200) + "\"]",
                "evaluator.tabular.objective=" + OBJECTIVE, "search.report=cifar10_test_acc",
                "store.path=\"" + store + "\"", "store.register=true", "search.budget=10", "search.batch=10", "search.seed=3");
        sets.forEach(s -> args.addAll(List.of("--set", s)));
        return args.toArray(String[]::new);
    }

    /** The metastore's creation time of a table (seconds; a table dropped and created again gets a new one). */
    private static long createdTime(SparkSession spark, String schema, String table) throws Exception {
        return spark.sessionState().catalog().getTableMetadata(
                new org.apache.spark.sql.catalyst.TableIdentifier(table, scala.Option.apply(schema))).createTime();
    }

    @Test
    void aPlainSessionQueriesTheSearchsTablesAndViewsByNameThroughTheMetastore() throws Exception {
        Path store = dir.resolve("store");
        SparkSession jobs = platformSession(dir, "sparknas-search"); // the platform's session: the jobs add to it
        Cli searched = nas(search(store, RUN));
        assertEquals(0, searched.code(), searched.err());

        // a second store asking for the same names: one line naming the table and both locations, nothing written
        Path other = dir.resolve("other-store");
        Cli refused = nas(search(other, "other"));
        assertEquals(2, refused.code(), refused.err());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertTrue(refused.err().contains("sparknas.runs") && refused.err().contains(store.resolve("runs").toString())
                && refused.err().contains(other.resolve("runs").toString()), refused.err());
        assertFalse(Files.exists(other), "nothing written for the refused store");

        // what the store's Delta tables hold, read by path
        String evaluations = "delta.`" + store.resolve("evaluations") + "`";
        long count = jobs.sql("SELECT count(*) FROM " + evaluations + " WHERE run_id = '" + RUN + "'").first().getLong(0);
        Map<String, Double> byArch = new HashMap<>();
        for (Row r : jobs.sql("SELECT arch, avg(metrics['" + OBJECTIVE + "']) FROM " + evaluations + " WHERE run_id = '" + RUN
                + "' AND status = 'OK' GROUP BY canonical_key, arch").collectAsList()) {
            byArch.put(r.getString(0), r.getDouble(1));
        }
        double best = byArch.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        Set<String> bestArchs = byArch.entrySet().stream().filter(e -> e.getValue() == best).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertEquals(10, count);

        // bin/nas sql on the platform's session answers from temporary views and leaves the registered tables alone
        long created = createdTime(jobs, "sparknas", "evaluations");
        Cli sql = nas("sql", "SELECT count(*) FROM leaderboard", "--set", "store.path=\"" + store + "\"");
        assertEquals(0, sql.code(), sql.err());
        assertEquals(created, createdTime(jobs, "sparknas", "evaluations"), "the registered table was not dropped and recreated");
        assertEquals(count, jobs.sql("SELECT count(*) FROM evaluations WHERE run_id = '" + RUN + "'").first().getLong(0),
                "the temporary view over the store");
        stop(jobs);

        // a session that knows nothing of sparknas: names only, through the metastore
        SparkSession plain = platformSession(dir, "a-notebook");
        try {
            assertEquals(count, plain.sql("SELECT count(*) FROM sparknas.evaluations WHERE run_id = '" + RUN + "'")
                    .first().getLong(0));
            Row top = plain.sql("SELECT arch, objective_value, " + OBJECTIVE + " FROM sparknas.leaderboard WHERE run_id = '"
                    + RUN + "' AND rank = 1").first();
            assertTrue(bestArchs.contains(top.getString(0)), top + " is the best of " + bestArchs);
            assertEquals(best, top.getDouble(1), 1e-9);
            assertEquals(best, top.getDouble(2), 1e-9, "the flattened metric column");
            Row summary = plain.sql("SELECT status, evaluations, best_arch FROM sparknas.run_summary WHERE run_id = '" + RUN + "'")
                    .first();
            assertEquals("FINISHED", summary.getString(0));
            assertEquals(count, summary.getLong(1));

            Map<String, String> described = new HashMap<>();
            Map<String, String> columnComments = new HashMap<>();
            boolean details = false;
            for (Row r : plain.sql("DESCRIBE TABLE EXTENDED sparknas.evaluations").collectAsList()) {
                String key = r.getString(0) == null ? "" : r.getString(0).trim();
                if (key.startsWith("# Detailed")) {
                    details = true;
                } else if (details) {
                    described.put(key, r.getString(1));
                } else if (!key.isEmpty()) {
                    columnComments.put(key, r.getString(2));
                }
            }
            assertEquals(Tables.EVALUATIONS.comment(), described.get("Comment"), described.toString());
            assertEquals("EXTERNAL", described.get("Type"));
            assertTrue(described.get("Location").endsWith(store.resolve("evaluations").toString()), described.toString());
            assertEquals(Tables.EVALUATIONS.columnComment("run_id"), columnComments.get("run_id"));
            assertEquals(Tables.EVALUATIONS.columnComment("metrics"), columnComments.get("metrics"));
            String views = plain.sql("SHOW VIEWS IN sparknas").collectAsList().stream().map(r -> r.getString(1)).sorted()
                    .collect(Collectors.joining(","));
            assertEquals("leaderboard,pareto_front,run_progress,run_summary", views);
        } finally {
            stop(plain);
        }
    }
}
