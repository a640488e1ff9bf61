package io.sparknas.jobs.store;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The store in the platform's catalog ({@code store.register}): each Delta table of the store as a
 * persistent external table {@code <store.catalog>.<store.schema>.<table>} over its folder, with its
 * table and column COMMENTs, and the views ({@link Tables#VIEWS}) over them. What the jobs that write
 * the store call where they create its tables, so that any Spark session of the platform (a notebook,
 * a BI tool) queries {@code sparknas.leaderboard} by name, with no sparknas code.
 *
 * <p>Nothing is ever dropped, moved or overwritten: a table is created only if the name is free, and a
 * name that already holds a table at another location (another store's), or a table where a view goes,
 * is bad input, found by {@link #check()} before the job writes anything. The views are created or
 * replaced (they hold no data). A table of an earlier version that lacks its comments gets them (Delta
 * metadata commits, no data rewritten). Registration is off by default: with Spark's in-memory catalog
 * it would last only as long as the job's session.
 */
public final class PlatformCatalog {
    private final SparkSession spark;
    private final ResultStore store;
    private final boolean enabled;
    private final String catalog;
    private final String schema;

    private PlatformCatalog(SparkSession spark, ResultStore store, boolean enabled, String catalog, String schema) {
        this.spark = spark;
        this.store = store;
        this.enabled = enabled;
        this.catalog = catalog;
        this.schema = schema;
    }

    /** The registration {@code config} asks for (none unless {@code store.register}); the names are checked here. */
    public static PlatformCatalog of(SparkSession spark, NasConfig config, ResultStore store) {
        boolean register = StoreSettings.REGISTER.get(config);
        String catalog = StoreSettings.CATALOG.get(config);
        String schema = StoreSettings.SCHEMA.get(config);
        return new PlatformCatalog(spark, store, register, catalog, schema);
    }

    /** The in-session registration of {@code bin/nas sql} on a persistent session catalog: schema {@code schema}, current catalog. */
    static PlatformCatalog inSession(SparkSession spark, ResultStore store, String schema) {
        return new PlatformCatalog(spark, store, true, "", schema);
    }

    public boolean enabled() {
        return enabled;
    }

    /** The schema's quoted name, with its catalog when {@code store.catalog} names one: {@code `main`.`sparknas`}. */
    public String schemaName() {
        return (catalog.isEmpty() ? "" : quote(catalog) + ".") + quote(schema);
    }

    private String name(String table) {
        return schemaName() + "." + quote(table);
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /**
     * Creates the store's tables (those missing) and registers them: {@link #check()}, then
     * {@link ResultStore#ensureTables()}, then {@link #register()}. What {@code search} calls where a run's
     * tables are first created.
     */
    public PlatformCatalog ensureTables() {
        check();
        store.ensureTables();
        return register();
    }

    /**
     * Writes nothing, and throws the one-line bad input where registering would need to replace something:
     * an unknown catalog, a table name that holds a table at another location than the store's table, a
     * view name that holds a table.
     */
    public PlatformCatalog check() {
        checked();
        return this;
    }

    /** {@link #check()}, and what the names already hold (table or view name to its description). */
    private java.util.Map<String, Described> checked() {
        java.util.Map<String, Described> existing = new java.util.HashMap<>();
        if (!enabled) {
            return existing;
        }
        if (!catalog.isEmpty()) {
            try {
                spark.sql("SHOW NAMESPACES IN " + quote(catalog)).collectAsList();
            } catch (Exception e) { // Scala code throws AnalysisException / SparkException undeclared
                throw StoreSettings.CATALOG.error(": '" + catalog + "' is not a catalog of this Spark session ("
                        + firstLine(e) + ")", e);
            }
        }
        if (!schemaExists()) {
            return existing;
        }
        for (Tables table : Tables.values()) {
            describe(table.tableName()).ifPresent(d -> {
                existing.put(table.tableName(), d);
                if (d.view()) {
                    throw conflict(table.tableName(), "is a view, where the store's table " + table.tableName() + " goes");
                }
                String expected = store.path(table);
                if (d.location() == null || !sameLocation(d.location(), expected)) {
                    throw conflict(table.tableName(), "is registered at " + d.location() + ", not at this store's "
                            + expected + " (" + StoreSettings.PATH.key() + "); nothing was written");
                }
            });
        }
        for (String view : Tables.VIEWS) {
            describe(view).ifPresent(d -> {
                existing.put(view, d);
                if (!d.view()) {
                    throw conflict(view, "is a table (at " + d.location() + "), where the view " + view + " goes");
                }
            });
        }
        return existing;
    }

    private BadInputException conflict(String table, String problem) {
        return StoreSettings.SCHEMA.error(": '" + schema + "': " + name(table).replace("`", "") + " " + problem);
    }

    /**
     * Registers the store's Delta tables (the missing ones) and creates or replaces the views, after
     * {@link #check()}; the schema is created if missing. Run again after a job wrote new metrics: the
     * leaderboard's columns are the metrics the evaluations hold when the view is created.
     */
    public PlatformCatalog register() {
        if (!enabled) {
            return this;
        }
        java.util.Map<String, Described> existing = checked();
        spark.sql("CREATE SCHEMA IF NOT EXISTS " + schemaName() + " COMMENT 'sparknas: the result tables and views of "
                + escape(store.root()) + "'");
        List<Tables> registered = new ArrayList<>();
        for (Tables table : Tables.values()) {
            if (!store.exists(table)) {
                continue;
            }
            Described described = existing.get(table.tableName());
            if (described == null) {
                spark.sql("CREATE TABLE IF NOT EXISTS " + name(table.tableName()) + " USING delta LOCATION '"
                        + escape(store.path(table)) + "'");
                described = describe(table.tableName()).orElseThrow();
            }
            addMissingComments(table, described);
            registered.add(table);
        }
        if (registered.containsAll(List.of(Tables.RUNS, Tables.EVALUATIONS, Tables.POPULATIONS, Tables.CHECKPOINTS))) {
            String metricColumns = SqlCatalog.metricColumns(SqlCatalog.metricNames(spark, schemaName()));
            for (String view : Tables.VIEWS) {
                Described described = existing.get(view);
                // a view that already is this statement (same query and metric columns, same comment) stays as it is
                if (described == null || !SqlCatalog.viewQuery(view, schemaName(), metricColumns).equals(described.viewText())
                        || !SqlCatalog.viewComment(view).equals(described.comment())) {
                    spark.sql(SqlCatalog.createView(view, schemaName(), metricColumns, true));
                }
            }
        }
        return this;
    }

    /** The table and column COMMENTs a table written before they existed lacks (each a Delta metadata commit). */
    private void addMissingComments(Tables table, Described described) {
        String name = name(table.tableName());
        if (described.comment() == null || described.comment().isBlank()) {
            store.retryingConflicts(table, () -> spark.sql("COMMENT ON TABLE " + name + " IS '" + escape(table.comment()) + "'"));
        }
        for (StructField field : table.schema().fields()) {
            if (described.columnComments().containsKey(field.name()) && described.columnComments().get(field.name()) == null) {
                store.retryingConflicts(table, () -> spark.sql("ALTER TABLE " + name + " ALTER COLUMN " + quote(field.name())
                        + " COMMENT '" + escape(field.getComment().get()) + "'"));
            }
        }
    }

    private boolean schemaExists() {
        try {
            return spark.catalog().databaseExists(catalog.isEmpty() ? schema : catalog + "." + schema);
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * A registered table or view: whether it is a view, its location (null for a view), its COMMENT and its columns'
     * (column name to comment, null for none).
     */
    private record Described(boolean view, String location, String comment, java.util.Map<String, String> columnComments,
                             String viewText) {
    }

    /** The columns of Spark's {@code DESCRIBE TABLE EXTENDED} output (Spark's names, not the store's). */
    private static final String DESCRIBE_NAME = "col_name";
    private static final String DESCRIBE_TYPE = "data_type";
    private static final String DESCRIBE_COMMENT = "comment";

    private Optional<Described> describe(String table) {
        if (!SqlCatalog.exists(spark, schemaName(), table)) {
            return Optional.empty();
        }
        boolean view = false;
        String location = null;
        String comment = null;
        String viewText = null;
        java.util.Map<String, String> columns = new java.util.HashMap<>();
        boolean details = false; // DESCRIBE lists the columns (name, type, comment), then "# Detailed Table Information"
        List<Row> described;
        try {
            described = spark.sql("DESCRIBE TABLE EXTENDED " + name(table)).collectAsList();
        } catch (Exception e) { // AnalysisException, thrown undeclared by Scala code: e.g. a location whose table is gone
            throw conflict(table, "is registered, but cannot be read (" + firstLine(e) + "); nothing was written");
        }
        for (Row row : described) {
            String name = row.getAs(DESCRIBE_NAME);
            String key = name == null ? "" : name.trim();
            String value = row.getAs(DESCRIBE_TYPE);
            if (key.startsWith("#")) {
                details = details || key.startsWith("# Detailed");
            } else if (!details) {
                if (!key.isEmpty()) {
                    String columnComment = row.getAs(DESCRIBE_COMMENT);
                    columns.put(key, columnComment == null || columnComment.isBlank() ? null : columnComment);
                }
            } else if (key.equals("Type") && "VIEW".equalsIgnoreCase(value)) {
                view = true;
            } else if (key.equals("Location")) {
                location = value;
            } else if (key.equals("Comment")) {
                comment = value;
            } else if (key.equals("View Text")) {
                viewText = value;
            }
        }
        return Optional.of(new Described(view, location, comment, columns, viewText));
    }

    /** Whether two locations name one folder ({@code file:/a} and {@code file:///a/} do). */
    private boolean sameLocation(String registered, String expected) {
        try {
            Path a = new Path(registered);
            Path b = new Path(expected);
            return a.getFileSystem(store.hadoopConfiguration()).makeQualified(a)
                    .equals(b.getFileSystem(store.hadoopConfiguration()).makeQualified(b));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + registered + " with " + expected, e);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("'", "\\'");
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage()).strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
