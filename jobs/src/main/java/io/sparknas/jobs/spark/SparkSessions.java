package io.sparknas.jobs.spark;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.SparkSettings;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds the session every job uses: whatever master spark-submit gave, else local mode bound to
 * 127.0.0.1. Delta's SQL extension is added to the extensions the platform configured (never in their
 * place), and Delta's catalog is the session catalog only where the platform configured none: a Unity,
 * Glue or Iceberg session catalog stays, and the store's Delta tables are read and written by path.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    /**
     * The master URLs Spark itself knows (SparkContext.createTaskScheduler and its cluster managers):
     * local, local[N], local[*], local[N,F], local[*,F], local-cluster[N,C,M], spark://host:port[,host:port],
     * yarn, k8s://..., mesos://...
     */
    private static final Pattern LOCAL = Pattern.compile("local(\\[(?<threads>[0-9]+|\\*)(\\s*,\\s*(?<failures>[0-9]+))?])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*(?<workers>[0-9]+)\\s*,\\s*(?<cores>[0-9]+)\\s*,"
            + "\\s*(?<memory>[0-9]+)\\s*]");
    private static final String HOST_PORT = "(\\[[0-9A-Fa-f:.]+]|[^\\s:/,\\[\\]]+):[0-9]{1,5}";
    private static final Pattern STANDALONE = Pattern.compile("spark://" + HOST_PORT + "(," + HOST_PORT + ")*");
    private static final Pattern CLUSTER_MANAGER = Pattern.compile("yarn|(k8s|mesos)://\\S+");
    private static final String MASTER_FORMS = "local, local[N], local[*], local[N,F], local-cluster[N,C,M], spark://host:port, "
            + "yarn, k8s://..., mesos://...";

    /** The config's {@code spark.master}, or a one-line error naming the key and the value. */
    public static String checkMaster(String master) {
        String problem = null;
        var local = LOCAL.matcher(master);
        var cluster = LOCAL_CLUSTER.matcher(master);
        if (local.matches()) {
            if (local.group("threads") != null && !local.group("threads").equals("*") && !positive(local.group("threads"))) {
                problem = "asks for " + local.group("threads") + " threads (1 to 999999999)";
            } else if (local.group("failures") != null && !positive(local.group("failures"))) {
                problem = "allows " + local.group("failures") + " task attempts (1 to 999999999)";
            }
        } else if (cluster.matches()) {
            if (!positive(cluster.group("workers")) || !positive(cluster.group("cores")) || !positive(cluster.group("memory"))) {
                problem = "needs workers, cores per worker and MiB per worker of 1 to 999999999";
            }
        } else if (!STANDALONE.matcher(master).matches() && !CLUSTER_MANAGER.matcher(master).matches()) {
            problem = "is not a Spark master URL (" + MASTER_FORMS + ")";
        }
        if (problem != null) {
            throw SparkSessionSettings.MASTER.error(": '" + master + "' " + problem);
        }
        return master;
    }

    private static boolean positive(String digits) {
        return digits.length() <= 9 && Integer.parseInt(digits) >= 1;
    }

    static final String EXTENSIONS = "spark.sql.extensions";
    static final String SESSION_CATALOG = "spark.sql.catalog.spark_catalog";
    static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
    static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

    /** The platform's extensions (comma-separated, possibly none) with Delta's added when missing. */
    static String withDeltaExtension(String extensions) {
        List<String> names = new ArrayList<>();
        for (String name : extensions == null ? new String[0] : extensions.split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        if (!names.contains(DELTA_EXTENSION)) {
            names.add(DELTA_EXTENSION);
        }
        return String.join(",", names);
    }

    /** Delta's settings over what spark-submit (or the platform's defaults) set: added to, never replaced. */
    static SparkConf withDelta(SparkConf conf) {
        conf.set(EXTENSIONS, withDeltaExtension(conf.get(EXTENSIONS, "")));
        conf.setIfMissing(SESSION_CATALOG, DELTA_CATALOG);
        return conf;
    }

    public static SparkSession getOrCreate(NasConfig config) {
        SparkConf conf = new SparkConf(); // picks up spark.* system properties set by spark-submit
        String configMaster = null;
        if (!conf.contains("spark.master")) {
            configMaster = checkMaster(SparkSessionSettings.MASTER.get(config));
            conf.setMaster(configMaster);
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.ui.enabled", "false");
            // small local jobs: a handful of shuffle partitions instead of 200
            conf.setIfMissing("spark.sql.shuffle.partitions", "2");
            // Delta rebuilds table snapshots with 50 tasks by default: far too many for small local tables
            conf.setIfMissing("spark.databricks.delta.snapshotPartitions", "2");
            // Spark creates its warehouse folder (./spark-warehouse) when the catalog starts: not in the user's folder
            // (sparknas keeps no managed tables, only Delta folders under store.path)
            conf.setIfMissing("spark.sql.warehouse.dir", TemporaryFolders.create("sparknas-warehouse-", "Spark's warehouse"));
        }
        conf.setIfMissing("spark.app.name", SparkSessionSettings.APP_NAME.get(config));
        // NasConfig refused any other key when it loaded the config; checked again here, where it takes effect
        SparkSessionSettings.CONF.get(config).forEach((key, value) -> conf.set(SparkSettings.check(key, value, ""), String.valueOf(value)));
        withDelta(conf);
        try {
            return SparkSession.builder().config(conf).getOrCreate();
        } catch (Exception e) { // SparkException is checked, but thrown undeclared by Scala code
            if (configMaster != null && isAboutTheMaster(e)) {
                throw SparkSessionSettings.MASTER.error(": Spark cannot start on '" + configMaster + "': " + firstLine(e), e);
            }
            throw e;
        }
    }

    /** Whether Spark failed to start because of the master URL (its form passed, e.g. yarn without Spark's YARN jars). */
    private static boolean isAboutTheMaster(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("Master URL") || message.startsWith("Asked to run locally")
                    || message.startsWith("Asked to launch cluster")) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
