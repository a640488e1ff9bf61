package io.sparknas.jobs.spark;

import io.sparknas.jobs.config.NasConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the session every job uses: whatever master spark-submit gave, else local mode bound to
 * 127.0.0.1; Delta's SQL extension and catalog always on.
 */
public final class SparkSessions {
    private SparkSessions() {
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
        config.getFreeForm("spark.conf").forEach((key, value) -> conf.set(key, String.valueOf(value)));
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
