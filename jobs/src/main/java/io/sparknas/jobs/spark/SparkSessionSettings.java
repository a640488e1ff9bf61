package io.sparknas.jobs.spark;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;

import java.util.List;
import java.util.Map;

/** {@code spark.*}: the session a command runs on when spark-submit did not say. */
public record SparkSessionSettings(String master, String appName, Map<String, Object> conf) {
    public static final Setting<String> MASTER = Setting.string("spark.master", "\"local[*]\"",
            "Used only when spark-submit did not give a master.");
    public static final Setting<String> APP_NAME = Setting.string("spark.app-name", "\"sparknas\"",
            "Application name shown by the Spark master and UI (spark-submit --name wins).");
    /** Free-form: each key is checked by {@link io.sparknas.jobs.config.SparkSettings} instead. */
    public static final Setting<Map<String, Object>> CONF = Setting.freeForm("spark.conf", "{}",
            "Free-form Spark settings, e.g. conf { \"spark.sql.shuffle.partitions\" = 16 }.");
    public static final List<Setting<?>> SETTINGS = List.of(MASTER, APP_NAME, CONF);

    public static SparkSessionSettings from(NasConfig config) {
        return new SparkSessionSettings(MASTER.get(config), APP_NAME.get(config), CONF.get(config));
    }
}
