package io.sparknas.jobs.store;

import io.delta.tables.DeltaTable;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.spark.Concurrently;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;

/**
 * The only code that knows where the Delta tables live. Every write is a MERGE on the table's key,
 * so writing the same rows twice (a retried generation, a resumed run) changes nothing.
 */
public final class ResultStore {
    private final SparkSession spark;
    private final String root;

    public ResultStore(SparkSession spark, String root) {
        this.spark = spark;
        this.root = qualified(spark, root);
    }

    /** Absolute, with a scheme: Delta needs it, and messages then name the real place. */
    private static String qualified(SparkSession spark, String root) {
        try {
            Path path = new Path(root);
            String qualified = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(path).toString();
            return qualified.endsWith("/") ? qualified.substring(0, qualified.length() - 1) : qualified;
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("store.path '" + root + "': " + e.getMessage(), e);
        }
    }

    public String root() {
        return root;
    }

    public String path(Tables table) {
        return root + "/" + table.tableName();
    }

    /** Creates any missing table with its schema; an existing table must be a Delta table. */
    public ResultStore ensureTables() {
        Concurrently.run(Arrays.stream(Tables.values()).map(table -> (Runnable) () -> create(table)).toArray(Runnable[]::new));
        return this;
    }

    /** Creates one table if it is missing (a job that writes only that table, such as train-predictor). */
    public ResultStore ensureTable(Tables table) {
        create(table);
        return this;
    }

    /** Whether the table exists as a Delta table (a read-only job must not create it). */
    public boolean exists(Tables table) {
        try {
            return DeltaTable.isDeltaTable(spark, path(table));
        } catch (Exception e) { // Scala code throws undeclared
            return false;
        }
    }

    /** The table's latest committed version. */
    public long version(Tables table) {
        return DeltaTable.forPath(spark, path(table)).history(1).select("version").first().getLong(0);
    }

    /** The table as of one committed version: what a job read, reproducibly. */
    public Dataset<Row> readVersion(Tables table, long version) {
        return spark.read().format("delta").option("versionAsOf", version).load(path(table));
    }

    private void create(Tables table) {
        try {
            DeltaTable.createIfNotExists(spark).location(path(table)).addColumns(table.schema()).execute();
        } catch (Exception e) { // Scala code throws AnalysisException undeclared
            throw new BadInputException("store.path " + root + ": table " + table.tableName()
                    + " cannot be opened as a Delta table: " + firstLine(e), e);
        }
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    public Dataset<Row> read(Tables table) {
        return spark.read().format("delta").load(path(table));
    }

    /** The file-system settings of the store's Spark session (for files kept beside the tables). */
    public org.apache.hadoop.conf.Configuration hadoopConfiguration() {
        return spark.sparkContext().hadoopConfiguration();
    }

    /** Rows in the table's schema; fails fast if a caller built rows of another shape. */
    public Dataset<Row> rows(Tables table, List<Row> rows) {
        return spark.createDataFrame(rows, table.schema());
    }

    /** Inserts rows whose key is absent; existing rows (first writer wins) are left as they are. */
    public void insertNew(Tables table, List<Row> rows) {
        merge(table, rows, false);
    }

    /** Inserts rows whose key is absent and overwrites those whose key is present. */
    public void upsert(Tables table, List<Row> rows) {
        merge(table, rows, true);
    }

    private void merge(Tables table, List<Row> rows, boolean updateMatched) {
        if (rows.isEmpty()) {
            return;
        }
        Dataset<Row> source = rows(table, rows).dropDuplicates(table.key().toArray(String[]::new));
        String condition = table.key().stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "));
        var builder = DeltaTable.forPath(spark, path(table)).as("t").merge(source.as("s"), condition);
        if (updateMatched) {
            builder = builder.whenMatched().updateAll();
        }
        builder.whenNotMatched().insertAll().execute();
    }

    /**
     * Registers the store's tables and the views {@code leaderboard}, {@code pareto_front} and
     * {@code run_progress} in database {@code sparknas} of the session catalog, and under the same
     * names as temporary views (see {@link SqlCatalog}).
     */
    public void registerViews() {
        new SqlCatalog(spark, this).register();
    }

    public Optional<Row> findRun(String runId) {
        List<Row> rows = read(Tables.RUNS).filter(col(Columns.RUN_ID).equalTo(runId)).collectAsList();
        return rows.stream().findFirst();
    }

    /** The last committed generation's state of a run, if any generation was committed. */
    public Optional<Map.Entry<Integer, String>> lastCheckpoint(String runId) {
        return read(Tables.CHECKPOINTS).filter(col(Columns.RUN_ID).equalTo(runId))
                .orderBy(col(Columns.GENERATION).desc()).limit(1).collectAsList().stream()
                .findFirst().map(r -> Map.entry(r.getInt(r.fieldIndex(Columns.GENERATION)), r.getString(r.fieldIndex(Columns.STATE))));
    }

    /**
     * Existing evaluations of the given canonical keys by one evaluator at one fidelity, any run:
     * the cross-run cache. The keys travel as a small Dataset and are joined, not collected.
     */
    public List<Row> evaluationsOf(Dataset<Row> keys, String evaluator, String fidelity) {
        Dataset<Row> evaluations = read(Tables.EVALUATIONS)
                .filter(col(Columns.EVALUATOR).equalTo(evaluator).and(col(Columns.FIDELITY).equalTo(fidelity)));
        return evaluations.join(functions.broadcast(keys.select(Columns.CANONICAL_KEY).distinct()), Columns.CANONICAL_KEY)
                .orderBy(Columns.CANONICAL_KEY, Columns.SEED).collectAsList();
    }

    /** The {@code hardware_costs} rows of one device from one source (e.g. measured), ordered by canonical key. */
    public List<Row> hardwareCosts(String device, String source) {
        return read(Tables.HARDWARE_COSTS)
                .filter(col(Columns.DEVICE).equalTo(device).and(col(Columns.SOURCE).equalTo(source)))
                .orderBy(Columns.CANONICAL_KEY).collectAsList();
    }
}
