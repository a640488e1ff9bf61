package io.sparknas.jobs.store;

import io.delta.tables.DeltaTable;
import io.sparknas.jobs.bench.benchmark.BenchmarkSettings;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.data.TabularSettings;
import io.sparknas.jobs.engine.StepTimer;
import io.sparknas.jobs.search.SearchJobSettings;
import io.sparknas.jobs.spark.TemporaryFolders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.sparknas.jobs.store.Columns.*;

/**
 * The result tables by name for SQL users: database {@code sparknas} of the session catalog holds
 * every Delta table of one store as an external table (metadata only: the data stays where the jobs
 * wrote it) and the views {@code leaderboard}, {@code pareto_front}, {@code run_progress},
 * {@code run_summary}. The same
 * names are also registered as temporary views, so unqualified names work too.
 *
 * <p>On a persistent session catalog (Hive) nothing is registered in it: the names are temporary views
 * ({@link #registerAsTemporaryViews}); {@code store.register} is how a store enters such a catalog.
 *
 * <p>Spark's default catalog is in memory: the registration lasts as long as the session, and
 * registering another store replaces it (dropping an external table never touches its data). The
 * database itself lives in a temporary folder, not at the store (see {@link #catalogFolder}).
 */
final class SqlCatalog {
    /**
     * Objective and report of each run, read from the config it stored: search.objectives[0], else the tabular
     * column; search.report, else the objective. A run stored before the settings were split (no search.report)
     * names them benchmark.objective and benchmark.report ({@link io.sparknas.jobs.config.ConfigRenames}).
     */
    private static final String GOALS = "SELECT " + RUN_ID + ", " + OBJECTIVE + ", " + DIRECTION + ", coalesce(" + REPORT + ", "
            + OBJECTIVE + ") AS " + REPORT + " FROM (SELECT " + RUN_ID + ", "
            + "coalesce(trim(split(" + json(SearchJobSettings.OBJECTIVES.key() + "[0]") + ", ':')[0]), "
            + json(TabularSettings.OBJECTIVE.key()) + ", " + json("benchmark.objective") + ") AS " + OBJECTIVE + ", "
            + "coalesce(trim(split(" + json(SearchJobSettings.OBJECTIVES.key() + "[0]") + ", ':')[1]), 'max') AS " + DIRECTION + ", "
            + "CASE WHEN " + json(SearchJobSettings.REPORT.key()) + " IS NULL THEN " + json(BenchmarkSettings.REPORT.key())
            + " ELSE nullif(trim(" + json(SearchJobSettings.REPORT.key()) + "), '') END AS " + REPORT
            + " FROM %s)";

    private static String json(String key) {
        return "get_json_object(" + CONFIG + ", '$." + key + "')";
    }

    /** The column of {@link #metricNames}' query. */
    private static final String METRIC_NAME = "metric";

    private final SparkSession spark;
    private final ResultStore store;

    SqlCatalog(SparkSession spark, ResultStore store) {
        this.spark = spark;
        this.store = store;
    }

    void register() {
        if (!DeltaTable.isDeltaTable(spark, store.path(Tables.RUNS))) {
            throw new BadInputException(StoreSettings.PATH.key() + " " + store.root() + " holds no result tables (no Delta table "
                    + Tables.RUNS.tableName() + ")");
        }
        if (persistentCatalog()) {
            registerAsTemporaryViews();
            return;
        }
        if (!spark.catalog().databaseExists(Tables.DATABASE)) {
            spark.sql("CREATE DATABASE " + Tables.DATABASE + " LOCATION '" + escape(catalogFolder()) + "'");
        }
        // what an earlier registration left, listed once: views and tables are dropped with different statements
        java.util.Set<String> views = listed("SHOW VIEWS IN " + Tables.DATABASE, SHOW_VIEW_NAME);
        java.util.Set<String> registered = listed("SHOW TABLES IN " + Tables.DATABASE, SHOW_TABLE_NAME);
        List<String> names = new ArrayList<>();
        for (Tables table : Tables.values()) {
            String name = qualified(table.tableName());
            drop(table.tableName(), views, registered);
            if (DeltaTable.isDeltaTable(spark, store.path(table))) {
                spark.sql("CREATE TABLE " + name + " USING delta LOCATION '" + escape(store.path(table)) + "'");
                names.add(table.tableName());
            }
        }
        String metricColumns = metricColumns(metricNames(spark, Tables.DATABASE));
        for (String view : Tables.VIEWS) {
            drop(view, views, registered);
            spark.sql(createView(view, Tables.DATABASE, metricColumns, false));
        }
        names.addAll(Tables.VIEWS);
        for (String name : names) {
            spark.sql("CREATE OR REPLACE TEMP VIEW " + name + " AS SELECT * FROM " + qualified(name));
        }
    }

    /**
     * Whether the session's catalog outlives it (a platform's Hive metastore, {@code spark.sql.catalogImplementation
     * = hive}). There, dropping and recreating {@code sparknas.*} would touch what the platform registered (and a
     * managed table of that name would lose its data): nothing is registered in it, see {@link #registerAsTemporaryViews}.
     */
    private boolean persistentCatalog() {
        return !"in-memory".equals(spark.sparkContext().getConf().get(CATALOG_IMPLEMENTATION, "in-memory"));
    }

    private static final String CATALOG_IMPLEMENTATION = "spark.sql.catalogImplementation";

    /**
     * On a persistent catalog: the tables and views as global temporary views (database {@code global_temp}, gone
     * with the application, never in the metastore), and under their plain names as temporary views. Nothing is
     * created, replaced or dropped in the catalog; {@code sparknas.<table>} names what {@code store.register}
     * registered, if anything.
     */
    private void registerAsTemporaryViews() {
        String global = spark.conf().get("spark.sql.globalTempDatabase", "global_temp");
        List<String> names = new ArrayList<>();
        for (Tables table : Tables.values()) {
            if (DeltaTable.isDeltaTable(spark, store.path(table))) {
                spark.sql("CREATE OR REPLACE GLOBAL TEMP VIEW " + table.tableName() + " AS SELECT * FROM delta.`"
                        + store.path(table).replace("`", "``") + "`");
                names.add(table.tableName());
            }
        }
        String metricColumns = metricColumns(metricNames(spark, global));
        for (String view : Tables.VIEWS) {
            spark.sql("CREATE OR REPLACE GLOBAL TEMP VIEW " + view + " AS " + viewQuery(view, global, metricColumns));
        }
        names.addAll(Tables.VIEWS);
        for (String name : names) {
            spark.sql("CREATE OR REPLACE TEMP VIEW " + name + " AS SELECT * FROM " + global + "." + name);
        }
    }

    /**
     * Where the catalog keeps the database: a folder of this process's own, never the store. Dropping the
     * database deletes its location; the tables in it are external (their data stays where the jobs wrote
     * it), so a {@code DROP DATABASE sparknas CASCADE} can remove only this empty folder.
     */
    private static String catalogFolder() {
        return TemporaryFolders.create("sparknas-catalog-", "the session catalog");
    }

    /** Drops a registered table (external: metadata only, the Delta data stays) or view of an earlier registration. */
    private void drop(String table, java.util.Set<String> views, java.util.Set<String> registered) {
        if (views.contains(table)) {
            spark.sql("DROP VIEW " + qualified(table));
        } else if (registered.contains(table)) {
            spark.sql("DROP TABLE " + qualified(table));
        }
    }

    /** The lower-case names in column {@code column} of a SHOW statement's rows, temporary views aside. */
    private java.util.Set<String> listed(String show, String column) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Row row : spark.sql(show).collectAsList()) {
            if (!row.<Boolean>getAs(SHOW_IS_TEMPORARY)) {
                names.add(row.<String>getAs(column).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return names;
    }

    /**
     * Whether {@code namespace} (an existing one, quoted as SQL needs) holds a table or view {@code table}, temporary
     * views aside. {@code SHOW TABLES} reads the catalog only: Spark 4's {@code Catalog.tableExists} resolves a Delta
     * table and throws when its files are gone (a store deleted after it was registered).
     */
    static boolean exists(SparkSession spark, String namespace, String table) {
        return spark.sql("SHOW TABLES IN " + namespace + " LIKE '" + table + "'").collectAsList().stream()
                .anyMatch(row -> !row.<Boolean>getAs(SHOW_IS_TEMPORARY) && table.equalsIgnoreCase(row.getAs(SHOW_TABLE_NAME)));
    }

    /** Columns of Spark's {@code SHOW TABLES} and {@code SHOW VIEWS} output (Spark's names). */
    private static final String SHOW_TABLE_NAME = "tableName";
    private static final String SHOW_VIEW_NAME = "viewName";
    private static final String SHOW_IS_TEMPORARY = "isTemporary";

    /** The placeholder of the schema in the shipped view files ({@code sql/views}). */
    static final String SCHEMA_PLACEHOLDER = "${schema}";
    /** The placeholder of the leaderboard's metric columns in its shipped file. */
    static final String METRIC_COLUMNS_PLACEHOLDER = "${metric_columns}";

    /** What one row of each view is: its COMMENT. */
    static String viewComment(String view) {
        return switch (view) {
            case Tables.PARETO_FRONT -> "sparknas: the first Pareto front of each run's last committed generation";
            case Tables.LEADERBOARD -> "sparknas: one row per run and architecture it evaluated (status OK) at its last fidelity, ranked by the run's "
                    + "objective, one column per metric";
            case Tables.RUN_PROGRESS -> "sparknas: one row per run and committed generation: evaluations, best so far, step seconds";
            case Tables.RUN_SUMMARY -> "sparknas: one row per run: status, evaluations, best architecture";
            default -> throw new IllegalArgumentException("no view " + view);
        };
    }

    /**
     * The statement that creates {@code view} over the tables and views of {@code schema} (a name or a
     * quoted, qualified prefix such as {@code `main`.`sparknas`}): what the catalog runs and, with the
     * placeholders, what {@code sql/views/<view>.sql} holds. {@code metricColumns} are the leaderboard's
     * flattened metric columns ({@link #metricColumns}).
     */
    static String createView(String view, String schema, String metricColumns, boolean orReplace) {
        return "CREATE " + (orReplace ? "OR REPLACE " : "") + "VIEW " + schema + "." + view + "\nCOMMENT '"
                + viewComment(view).replace("'", "\\'") + "'\nAS " + viewQuery(view, schema, metricColumns);
    }

    /** The query of {@link #createView}'s statement (what the catalog keeps as the view's text). */
    static String viewQuery(String view, String schema, String metricColumns) {
        String query = switch (view) {
            case Tables.PARETO_FRONT -> paretoFront(schema);
            case Tables.LEADERBOARD -> leaderboard(schema, METRIC_COLUMNS_PLACEHOLDER);
            case Tables.RUN_PROGRESS -> runProgress(schema);
            case Tables.RUN_SUMMARY -> runSummary(schema);
            default -> throw new IllegalArgumentException("no view " + view);
        };
        return lines(query).replace(METRIC_COLUMNS_PLACEHOLDER, metricColumns);
    }

    /** Line breaks before the clauses of a view's query (whitespace only: the statement means the same). */
    private static String lines(String query) {
        return query.replaceAll(" (FROM|LEFT JOIN|JOIN|WHERE|GROUP BY) ", "\n  $1 ");
    }

    /** The first front of each run's last committed generation. */
    private static String paretoFront(String schema) {
        String populations = schema + "." + Tables.POPULATIONS.tableName();
        return "SELECT p.* FROM " + populations + " p JOIN (SELECT " + RUN_ID + ", max(" + GENERATION + ") AS "
                + GENERATION + " FROM " + populations + " GROUP BY " + RUN_ID + ") last USING (" + RUN_ID + ", "
                + GENERATION + ") WHERE p." + IS_PARETO;
    }

    /**
     * One row per run and architecture the run evaluated (status OK), at the last fidelity the run evaluated it at
     * (successive halving's highest rung it reached), ranked within the run by its objective (rank 1 = best); the
     * metrics map flattened into one column per metric (mean over seeds). Averaging over every rung would rank a
     * cell trained 1 epoch and 3 epochs by the mean of the two, below a cell trained 1 epoch only.
     */
    private static String leaderboard(String schema, String metrics) {
        String evaluations = "(SELECT * FROM (SELECT *, max_by(" + FIDELITY + ", " + EVALUATED_AT + ") OVER (PARTITION BY "
                + RUN_ID + ", " + CANONICAL_KEY + ") AS last_fidelity FROM " + schema + "." + Tables.EVALUATIONS.tableName()
                + " WHERE " + STATUS + " = 'OK') WHERE " + FIDELITY + " = last_fidelity)";
        String perArchitecture = "SELECT e." + RUN_ID + ", e." + CANONICAL_KEY + ", first(e." + ARCH + ") AS " + ARCH
                + ", g." + OBJECTIVE + ", g." + DIRECTION + ", avg(e." + METRICS + "[g." + OBJECTIVE + "]) AS " + OBJECTIVE_VALUE
                + ", g." + REPORT + ", avg(e." + METRICS + "[g." + REPORT + "]) AS " + REPORT_VALUE
                + ", count(*) AS " + EVALUATIONS_COUNT + metrics
                + " FROM " + evaluations + " e JOIN (" + String.format(GOALS, schema + "." + Tables.RUNS.tableName()) + ") g USING ("
                + RUN_ID + ") WHERE e." + STATUS + " = 'OK'"
                + " GROUP BY e." + RUN_ID + ", e." + CANONICAL_KEY + ", g." + OBJECTIVE + ", g." + DIRECTION + ", g." + REPORT;
        return "SELECT rank() OVER (PARTITION BY " + RUN_ID + " ORDER BY CASE " + DIRECTION + " WHEN 'min' THEN "
                + OBJECTIVE_VALUE + " ELSE -" + OBJECTIVE_VALUE + " END) AS " + RANK + ", * FROM (" + perArchitecture + ")";
    }

    /** The {@code run_progress} columns of each step's seconds, from {@code checkpoints.step_seconds}. */
    private static String stepColumns(String window) {
        StringBuilder columns = new StringBuilder();
        for (StepTimer.Step step : StepTimer.Step.values()) {
            String value = step == StepTimer.Step.COMMIT_STATE
                    ? "lead(c." + STEP_SECONDS + "['" + StepTimer.PREVIOUS_COMMIT_STATE + "']) " + window
                    : "c." + STEP_SECONDS + "['" + step.key() + "']";
            columns.append(", ").append(value).append(" AS ").append(step.column());
        }
        return columns.toString();
    }

    /**
     * One row per run (what {@code bin/nas runs} lists): its status, strategy and space, the evaluations it
     * made, its best architecture by its objective (ties: the smallest canonical key) with that objective's
     * value and the report metric's, and its start and finish.
     */
    private static String runSummary(String schema) {
        String best = "SELECT " + RUN_ID + ", min_by(" + ARCH + ", " + CANONICAL_KEY + ") AS " + BEST_ARCH
                + ", first(" + OBJECTIVE + ") AS " + OBJECTIVE + ", first(" + OBJECTIVE_VALUE + ") AS " + BEST
                + ", min_by(" + REPORT_VALUE + ", " + CANONICAL_KEY + ") AS " + BEST_REPORT
                + " FROM " + schema + "." + Tables.LEADERBOARD + " WHERE " + RANK + " = 1 GROUP BY " + RUN_ID;
        String counts = "SELECT " + RUN_ID + ", count(*) AS " + EVALUATIONS_COUNT + " FROM "
                + schema + "." + Tables.EVALUATIONS.tableName() + " GROUP BY " + RUN_ID;
        return "SELECT r." + RUN_ID + ", r." + STATUS + ", r." + STRATEGY + ", r." + SPACE + ", coalesce(n." + EVALUATIONS_COUNT
                + ", 0) AS " + EVALUATIONS_COUNT + ", b." + OBJECTIVE + ", b." + BEST + ", b." + BEST_REPORT + ", b." + BEST_ARCH
                + ", r." + STARTED_AT + ", r." + FINISHED_AT + " FROM " + schema + "." + Tables.RUNS.tableName() + " r"
                + " LEFT JOIN (" + counts + ") n ON n." + RUN_ID + " = r." + RUN_ID
                + " LEFT JOIN (" + best + ") b ON b." + RUN_ID + " = r." + RUN_ID;
    }

    /**
     * One row per run and committed generation: the evaluations the run made in it and so far, the
     * best objective value so far (OK rows), the seconds from the run's start to the commit, and the
     * seconds of each step of the generation (null where the checkpoint predates step timings). A
     * generation's state commit is carried by the next checkpoint row, so the last generation (and one
     * a resume started with) has none.
     */
    private static String runProgress(String schema) {
        String evaluations = schema + "." + Tables.EVALUATIONS.tableName();
        String runs = schema + "." + Tables.RUNS.tableName();
        String perGeneration = "SELECT e." + RUN_ID + ", e." + GENERATION + ", count(*) AS n"
                + ", max(CASE WHEN e." + STATUS + " = 'OK' THEN e." + METRICS + "[g." + OBJECTIVE + "] END) AS hi"
                + ", min(CASE WHEN e." + STATUS + " = 'OK' THEN e." + METRICS + "[g." + OBJECTIVE + "] END) AS lo"
                + " FROM " + evaluations + " e JOIN (" + String.format(GOALS, runs) + ") g USING (" + RUN_ID + ")"
                + " GROUP BY e." + RUN_ID + ", e." + GENERATION;
        String window = "OVER (PARTITION BY c." + RUN_ID + " ORDER BY c." + GENERATION + ")";
        return "SELECT c." + RUN_ID + ", c." + GENERATION + ", coalesce(p.n, 0) AS " + EVALUATIONS_COUNT
                + ", sum(coalesce(p.n, 0)) " + window + " AS " + EVALUATIONS_SO_FAR
                + ", g." + OBJECTIVE + ", CASE g." + DIRECTION + " WHEN 'min' THEN min(p.lo) " + window
                + " ELSE max(p.hi) " + window + " END AS " + BEST_SO_FAR
                + ", CAST(unix_millis(c." + COMMITTED_AT + ") - unix_millis(r." + STARTED_AT + ") AS DOUBLE) / 1000 AS " + ELAPSED_S
                + stepColumns(window) + proposalColumns(window)
                + " FROM " + schema + "." + Tables.CHECKPOINTS.tableName() + " c JOIN " + runs + " r ON r." + RUN_ID + " = c." + RUN_ID
                + " JOIN (" + String.format(GOALS, runs) + ") g ON g." + RUN_ID + " = c." + RUN_ID
                + " LEFT JOIN (" + perGeneration + ") p ON p." + RUN_ID + " = c." + RUN_ID + " AND p." + GENERATION + " = c." + GENERATION;
    }

    /**
     * The {@code run_progress} columns of the proposals a surrogate scored: the generation's share of the
     * state's running counter, and that over the generation's ask seconds (null where nothing was scored).
     */
    private static String proposalColumns(String window) {
        String counter = "coalesce(CAST(get_json_object(c." + STATE + ", '$.counters."
                + io.sparknas.population.strategy.PredictorGuided.PROPOSALS + "') AS BIGINT), 0)";
        String proposals = "(" + counter + " - coalesce(lag(" + counter + ") " + window + ", 0))";
        return ", " + proposals + " AS " + PROPOSALS
                + ", CASE WHEN " + proposals + " > 0 AND c." + STEP_SECONDS + "['" + StepTimer.Step.ASK.key() + "'] > 0 THEN "
                + proposals + " / c." + STEP_SECONDS + "['" + StepTimer.Step.ASK.key() + "'] END AS " + PROPOSALS_PER_S;
    }

    /** Every metric name in the evaluations table of {@code schema} now (the leaderboard's flattened columns). */
    static List<String> metricNames(SparkSession spark, String schema) {
        return spark.sql("SELECT DISTINCT explode(map_keys(" + METRICS + ")) AS " + METRIC_NAME + " FROM "
                        + schema + "." + Tables.EVALUATIONS.tableName())
                .collectAsList().stream().map((Row r) -> r.getString(r.fieldIndex(METRIC_NAME))).sorted().toList();
    }

    /**
     * The leaderboard's columns of the metrics {@code names}, one {@code avg(e.metrics['m']) AS m} each (mean over
     * seeds), each after a comma; a name the leaderboard has a column of its own for is left out.
     */
    static String metricColumns(List<String> names) {
        Set<String> fixed = Set.of(RANK, RUN_ID, CANONICAL_KEY, ARCH, OBJECTIVE, DIRECTION, OBJECTIVE_VALUE,
                REPORT, REPORT_VALUE, EVALUATIONS_COUNT);
        return names.stream().filter(m -> !fixed.contains(m))
                .map(m -> ", avg(e." + METRICS + "['" + m.replace("\\", "\\\\").replace("'", "\\'") + "']) AS `"
                        + m.replace("`", "``") + "`")
                .collect(Collectors.joining());
    }

    private static String qualified(String name) {
        return Tables.DATABASE + "." + name;
    }

    private static String escape(String path) {
        return path.replace("\\", "\\\\").replace("'", "\\'");
    }
}
