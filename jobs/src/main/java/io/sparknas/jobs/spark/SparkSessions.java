package io.sparknas.jobs.spark;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.regex.Pattern;

/**
 * Builds the session every job uses: whatever master spark-submit gave, else local mode bound to
 * 127.0.0.1; Delta's SQL extension and catalog always on.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    /**
     * Spark settings that load classes, jars or JVM options. A config file is data that travels with a
     * run (it is stored in the runs table and resumed from): it must not be able to make the driver
     * run arbitrary code. Whoever launches the job can still pass these to spark-submit.
     */
    private static final Pattern CODE_SETTINGS = Pattern.compile("spark\\.(plugins|extraListeners|serializer|kryo\\.registrator"
            + "|jars.*|files|archives|submit\\..*|.*\\.extraClassPath|.*\\.extraJavaOptions|.*\\.extraLibraryPath"
            + "|sql\\.extensions|sql\\.catalog\\..*|sql\\.queryExecutionListeners|sql\\.streaming\\.streamingQueryListeners"
            + "|shuffle\\.manager|.*\\.(impl|provider|providers)|.*[Cc]lass(es)?|.*[Ff]actory.*)");

    static String refuseCode(String key) {
        if (CODE_SETTINGS.matcher(key).matches()) {
            throw new BadInputException("spark.conf \"" + key + "\" names code to load (classes, jars or JVM options): "
                    + "a config may not set it; pass it to spark-submit --conf instead");
        }
        return key;
    }

    public static SparkSession getOrCreate(NasConfig config) {
        SparkConf conf = new SparkConf(); // picks up spark.* system properties set by spark-submit
        if (!conf.contains("spark.master")) {
            conf.setMaster(config.getString("spark.master"));
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.ui.enabled", "false");
            // small local jobs: a handful of shuffle partitions instead of 200
            conf.setIfMissing("spark.sql.shuffle.partitions", "2");
            // Delta rebuilds table snapshots with 50 tasks by default: far too many for small local tables
            conf.setIfMissing("spark.databricks.delta.snapshotPartitions", "2");
        }
        conf.setIfMissing("spark.app.name", config.getString("spark.app-name"));
        conf.set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        conf.set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        config.getFreeForm("spark.conf").forEach((key, value) -> conf.set(refuseCode(key), String.valueOf(value)));
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
