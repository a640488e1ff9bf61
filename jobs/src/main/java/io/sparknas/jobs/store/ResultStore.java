package io.sparknas.jobs.store;

import io.delta.tables.DeltaTable;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.spark.Concurrently;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;

/**
 * The only code that knows where the Delta tables live. Every write is a MERGE on the table's key,
 * so writing the same rows twice (a retried generation, a resumed run) changes nothing.
 */
public final class ResultStore {
    /** Schemes Hadoop can read but that cannot hold Delta tables (read-only, or no atomic rename). */
    /** The version column of Delta's table history (DESCRIBE HISTORY). */
    private static final String HISTORY_VERSION = "version";
    private static final String HISTORY_OPERATION = "operation";
    private static final Set<String> UNUSABLE_SCHEMES = Set.of("http", "https", "ftp", "sftp", "har");

    private final SparkSession spark;
    /** Delta's table property that keeps a change data feed. */
    public static final String CHANGE_DATA_FEED = "delta.enableChangeDataFeed";
    private final String root;
    private final FileSystem fs;
    private final DeltaRetry retry = new DeltaRetry();

    /** @throws BadInputException when {@code root} cannot be a folder of tables (see {@link #qualified}) */
    public ResultStore(SparkSession spark, String root) {
        this.spark = spark;
        try {
            Path path = new Path(root);
            this.fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            this.root = qualified(fs, path, root);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("store.path '" + root + "': " + firstLine(e), e);
        }
    }

    /**
     * Absolute, with a scheme: Delta needs it, and messages then name the real place. The path must
     * be a folder (or not exist yet) under folders: a regular file anywhere on the way is refused here,
     * before anything is written.
     */
    private static String qualified(FileSystem fs, Path path, String given) throws IOException {
        Path qualified = fs.makeQualified(path);
        String scheme = qualified.toUri().getScheme();
        if (scheme != null && UNUSABLE_SCHEMES.contains(scheme.toLowerCase(java.util.Locale.ROOT))) {
            throw new BadInputException("store.path '" + given + "': scheme '" + scheme + "' cannot hold Delta tables");
        }
        for (Path p = qualified; p != null; p = p.getParent()) {
            if (fs.exists(p)) {
                if (!fs.getFileStatus(p).isDirectory()) {
                    throw new BadInputException("store.path '" + given + "': " + p + " is a regular file, not a folder");
                }
                break;
            }
        }
        String text = qualified.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
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

    /** Data files of the table's current version. */
    public long fileCount(Tables table) {
        Row detail = DeltaTable.forPath(spark, path(table)).detail().first();
        return detail.getLong(detail.fieldIndex("numFiles"));
    }

    /** Compacts the table's small files (Delta's OPTIMIZE); retried when it loses a race to a writer. */
    public void optimize(Tables table) {
        retry.run(table.tableName(), () -> DeltaTable.forPath(spark, path(table)).optimize().executeCompaction());
    }

    /** Removes the files no version of the last {@code hours} needs (Delta's VACUUM). */
    public void vacuum(Tables table, int hours) {
        // Delta prints "Deleted N files and directories in a total of M directories." on Scala's Console: into
        // the log, not between the lines of the command's own output
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        scala.Console$.MODULE$.withOut(console, new scala.runtime.AbstractFunction0<Object>() {
            @Override
            public Object apply() {
                return DeltaTable.forPath(spark, path(table)).vacuum(hours);
            }
        });
        String said = console.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
        if (!said.isEmpty()) {
            org.slf4j.LoggerFactory.getLogger(ResultStore.class).info("VACUUM {}: {}", table.tableName(), said);
        }
    }

    /**
     * Turns the change data feed on where the table should keep one ({@link Tables#changeDataFeed}) and a
     * store made before it lacks it; whether the table keeps one now.
     */
    public boolean enableChangeDataFeed(Tables table) {
        if (!table.changeDataFeed()) {
            return false;
        }
        Row detail = DeltaTable.forPath(spark, path(table)).detail().first();
        java.util.Map<String, String> properties = detail.getJavaMap(detail.fieldIndex("properties"));
        if (!"true".equals(properties.get(CHANGE_DATA_FEED))) {
            retry.run(table.tableName(), () -> spark.sql("ALTER TABLE delta.`" + path(table).replace("`", "``")
                    + "` SET TBLPROPERTIES ('" + CHANGE_DATA_FEED + "' = 'true')"));
        }
        return true;
    }

    /** The operations of the table's commits, newest first (Delta's history: WRITE, MERGE, OPTIMIZE, VACUUM END …). */
    public List<String> history(Tables table) {
        return DeltaTable.forPath(spark, path(table)).history().select(HISTORY_OPERATION).collectAsList().stream()
                .map(r -> r.<String>getAs(HISTORY_OPERATION)).toList();
    }

    /** The table's latest committed version. */
    public long version(Tables table) {
        return DeltaTable.forPath(spark, path(table)).history(1).select(HISTORY_VERSION).first().<Long>getAs(HISTORY_VERSION);
    }

    /** The table as of one committed version: what a job read, reproducibly. */
    public Dataset<Row> readVersion(Tables table, long version) {
        return spark.read().format("delta").option("versionAsOf", version).load(path(table));
    }

    private void create(Tables table) {
        try {
            // two searches starting on a new store race to create the same table: the loser retries and finds it
            retry.run(table.tableName(), () -> {
                var builder = DeltaTable.createIfNotExists(spark).location(path(table)).addColumns(table.schema())
                        .comment(table.comment());
                if (table.changeDataFeed()) {
                    builder = builder.property(CHANGE_DATA_FEED, "true");
                }
                builder.execute();
            });
        } catch (Exception e) { // Scala code throws AnalysisException undeclared
            throw new BadInputException("store.path " + root + ": table " + table.tableName()
                    + " cannot be opened as a Delta table: " + firstLine(e), e);
        }
        addMissingColumns(table);
    }

    /**
     * Adds the {@link Tables#addedColumns()} a table written by an earlier version lacks, as nullable
     * columns (a metadata-only commit: no data file is rewritten, existing rows read them as null).
     * Two processes may race to add them: the loser's retry reads the schema again and finds them.
     */
    private void addMissingColumns(Tables table) {
        if (table.addedColumns().isEmpty()) {
            return;
        }
        retry.run(table.tableName(), () -> {
            List<String> present = Arrays.asList(read(table).schema().fieldNames());
            String added = Arrays.stream(table.schema().fields())
                    .filter(f -> table.addedColumns().contains(f.name()) && !present.contains(f.name()))
                    .map(f -> "`" + f.name() + "` " + f.dataType().sql()).collect(Collectors.joining(", "));
            if (!added.isEmpty()) {
                spark.sql("ALTER TABLE delta.`" + path(table).replace("`", "``") + "` ADD COLUMNS (" + added + ")");
            }
        });
    }

    /**
     * Checks, writing nothing, that every table already under the root is a readable Delta table with
     * this project's columns: a corrupt {@code _delta_log} or a foreign table is refused before a run starts.
     */
    public ResultStore checkExisting() {
        Concurrently.run(Arrays.stream(Tables.values()).map(table -> (Runnable) () -> checkExisting(table))
                .toArray(Runnable[]::new));
        return this;
    }

    private void checkExisting(Tables table) {
        if (!pathExists(table)) {
            return;
        }
        StoreIntegrity integrity = new StoreIntegrity(fs, root, table.tableName());
        integrity.checkLog(); // an empty or cut-short commit, a gap in the versions: Delta would skip or stumble
        StructType schema;
        String[] files;
        try {
            Dataset<Row> rows = read(table);
            files = rows.inputFiles(); // replays the whole log: a corrupt commit fails here, not halfway through the run
            schema = rows.schema();
        } catch (Exception e) { // AnalysisException and Delta's own, undeclared
            throw new BadInputException("store.path " + root + ": table " + table.tableName()
                    + " cannot be opened as a Delta table: " + firstLine(e), e);
        }
        // columns added by a later version are not missing: ensureTables adds them before they are written
        List<String> missing = Arrays.stream(table.schema().fieldNames())
                .filter(name -> !table.addedColumns().contains(name))
                .filter(name -> !Arrays.asList(schema.fieldNames()).contains(name)).toList();
        if (!missing.isEmpty()) {
            throw new BadInputException("store.path " + root + ": table " + table.tableName()
                    + " is not a sparknas table (no column " + String.join(", ", missing) + ")");
        }
        integrity.checkDataFiles(files);
    }

    /** Whether anything exists at the table's path (it may still not be a Delta table). */
    private boolean pathExists(Tables table) {
        try {
            return fs.exists(new Path(path(table)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path(table), e);
        }
    }

    /**
     * Runs one Delta commit of the caller's own on {@code table} (a conditional UPDATE or MERGE the
     * store has no method for), retried like the store's MERGEs when it loses a race to another writer.
     */
    public <T> T retryingConflicts(Tables table, Supplier<T> commit) {
        return retry.call(table.tableName(), commit);
    }

    /** Delta commit conflicts with other writers retried so far by this store. */
    public long commitRetries() {
        return retry.retries();
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

    /** Key columns with at most this many distinct values in a MERGE's rows are listed in its condition. */
    static final int PRUNING_VALUES = 100;

    private void merge(Tables table, List<Row> rows, boolean updateMatched) {
        if (rows.isEmpty()) {
            return;
        }
        Dataset<Row> source = rows(table, rows).dropDuplicates(table.key().toArray(String[]::new));
        Column condition = mergeCondition(table, rows);
        // a retry builds the MERGE again: it then reads the snapshot that includes the other writer's commit
        retry.run(table.tableName(), () -> {
            var builder = DeltaTable.forPath(spark, path(table)).as("t").merge(source.as("s"), condition);
            if (updateMatched) {
                builder = builder.whenMatched().updateAll();
            }
            builder.whenNotMatched().insertAll().execute();
        });
    }

    /**
     * Key equality, and for each key column with few distinct values among the rows, the target's value
     * in that list ({@code t.run_id IN ('r1')}): the same matches (a target row can match only a row with
     * the same key), but Delta skips the files whose statistics rule the list out, so a generation's
     * MERGE into populations or checkpoints reads that generation's files, not the whole table.
     */
    static Column mergeCondition(Tables table, List<Row> rows) {
        Column condition = null;
        for (String key : table.key()) {
            Column equal = col("t." + key).equalTo(col("s." + key));
            condition = condition == null ? equal : condition.and(equal);
        }
        for (String key : table.key()) {
            int index = table.schema().fieldIndex(key); // rows are in the table's schema (rows() checks it), named or not
            Set<Object> values = new java.util.LinkedHashSet<>();
            for (Row row : rows) {
                values.add(row.get(index));
                if (values.size() > PRUNING_VALUES) {
                    break;
                }
            }
            if (values.size() <= PRUNING_VALUES && !values.contains(null)) {
                condition = condition.and(col("t." + key).isin(values.toArray()));
            }
        }
        return condition;
    }

    /**
     * Registers the store's tables and the views {@code leaderboard}, {@code pareto_front} and
     * {@code run_progress} in database {@code sparknas} of the session catalog, and under the same
     * names as temporary views (see {@link SqlCatalog}).
     */
    public void registerViews() {
        new SqlCatalog(spark, this).register();
    }

    /** The run's row; empty also when the store has no runs table yet. */
    public Optional<Row> findRun(String runId) {
        if (!exists(Tables.RUNS)) {
            return Optional.empty();
        }
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
     * Existing evaluations of the given canonical keys by one evaluator, with one config digest, at one
     * fidelity, any run: the cross-run cache. The keys travel as a small Dataset and are joined, not collected.
     */
    public List<Row> evaluationsOf(Dataset<Row> keys, String evaluator, String configDigest, String fidelity) {
        Dataset<Row> evaluations = read(Tables.EVALUATIONS)
                .filter(col(Columns.EVALUATOR).equalTo(evaluator).and(col(Columns.FIDELITY).equalTo(fidelity))
                        .and(col(Columns.EVALUATOR_CONFIG).equalTo(configDigest)));
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
