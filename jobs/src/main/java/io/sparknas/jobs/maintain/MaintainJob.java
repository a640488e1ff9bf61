package io.sparknas.jobs.maintain;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.PlatformCatalog;
import io.sparknas.jobs.store.StoreSettings;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.search.SearchJob;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * {@code bin/nas maintain}: compacts every result table of a store (Delta's OPTIMIZE: a generation's
 * MERGE leaves small files behind), then removes the files no version within the retention needs
 * (VACUUM), and turns on the change data feed where a store made before it lacks it. It refuses while a
 * run holds its lease (a search is writing); a run that stopped without finishing holds none, and a
 * resume after maintain reads the tables' current versions, which VACUUM keeps.
 */
public final class MaintainJob {
    public static final Setting<Integer> RETENTION_HOURS = Setting.atLeast("maintain.retention-hours", "168", 0,
            "(hours)", "VACUUM keeps the files that versions of the last this many hours need (time travel that far "
                    + "back); below Delta's 168 the check that guards it is turned off for this command only.");
    public static final List<Setting<?>> SETTINGS = List.of(RETENTION_HOURS);
    /** Delta's default retention: below it, VACUUM refuses unless its check is off. */
    static final int DELTA_RETENTION_HOURS = 168;
    private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

    private MaintainJob() {
    }

    public static Map<String, Object> run(SparkSession spark, NasConfig config, PrintStream out) {
        int hours = RETENTION_HOURS.get(config);
        ResultStore store = new ResultStore(spark, StoreSettings.path(config)).checkExisting();
        if (!store.exists(Tables.RUNS)) {
            throw new BadInputException("store.path " + store.root() + ": no sparknas tables to maintain");
        }
        refuseWhileARunWrites(store);
        PlatformCatalog catalog = PlatformCatalog.of(spark, config, store).check(); // store.register: before anything is written
        List<Map<String, Object>> tables = new ArrayList<>();
        String previous = spark.conf().get(RETENTION_CHECK, "true");
        if (hours < DELTA_RETENTION_HOURS) {
            spark.conf().set(RETENTION_CHECK, "false");
        }
        try {
            out.printf("%-16s %12s %12s %14s%n", "table", "files before", "files after", "change feed");
            for (Tables table : Tables.values()) {
                if (!store.exists(table)) {
                    continue;
                }
                long before = store.fileCount(table);
                boolean feed = store.enableChangeDataFeed(table);
                store.optimize(table);
                store.vacuum(table, hours);
                long after = store.fileCount(table);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("table", table.tableName());
                row.put("files_before", before);
                row.put("files_after", after);
                row.put("change_data_feed", feed);
                tables.add(row);
                out.printf("%-16s %12d %12d %14s%n", table.tableName(), before, after, feed ? "on" : "-");
            }
        } finally {
            spark.conf().set(RETENTION_CHECK, previous);
        }
        catalog.register(); // an existing store registered (or its registration completed) by maintain
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("store", store.root());
        summary.put("retention_hours", hours);
        summary.put("tables", tables);
        return summary;
    }

    /** A RUNNING run whose lease has not lapsed is being written by a search: maintain waits for it. */
    private static void refuseWhileARunWrites(ResultStore store) {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        List<Row> writing = store.read(Tables.RUNS).filter(col(Columns.STATUS).equalTo(SearchJob.RUNNING)
                .and(col(Columns.LEASE_EXPIRES_AT).gt(now))).collectAsList();
        if (!writing.isEmpty()) {
            Row run = writing.get(0);
            throw new BadInputException("store.path " + store.root() + ": run " + run.getString(run.fieldIndex(Columns.RUN_ID))
                    + " is RUNNING (lease held by " + run.getString(run.fieldIndex(Columns.LEASE_OWNER)) + " until "
                    + run.getTimestamp(run.fieldIndex(Columns.LEASE_EXPIRES_AT)) + "): maintain once no search writes the store");
        }
    }
}
