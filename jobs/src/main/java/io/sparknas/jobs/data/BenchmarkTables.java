package io.sparknas.jobs.data;

import io.sparknas.evaluation.tabular.TabularData;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.population.SearchSpace;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

/**
 * Reads the tabular benchmark of the CLI contract: CSV / CSV.gz files with Spark's CSV reader,
 * joined on {@code arch_str} (and {@code seed} when two files both have one). A column present in
 * several files is taken from the first. Everything wrong with the files is a {@link BadInputException}
 * naming the file, column or architecture.
 */
public final class BenchmarkTables {
    public static final String ARCH = "arch_str";
    public static final String SEED = "seed";
    /** Spark's reader option ("__globPaths__") that, set to false, takes a path as written rather than as a glob. */
    private static final String GLOB_PATHS = org.apache.spark.sql.execution.datasources.DataSource$.MODULE$.GLOB_PATHS_KEY();

    private BenchmarkTables() {
    }

    public static TabularData load(SparkSession spark, SearchSpace space, List<String> paths, String objective, String report) {
        return load(spark, space, paths, objective, report, List.of());
    }

    /** @param extras further columns the search needs as metrics (a device's latency, say) */
    public static TabularData load(SparkSession spark, SearchSpace space, List<String> paths, String objective, String report,
                                   List<String> extras) {
        return withJoined(spark, TabularSettings.TABLES.key(), paths, joined -> {
            List<String> columns = new ArrayList<>(List.of(objective, report));
            columns.addAll(extras);
            for (String column : columns) {
                if (!has(joined, column)) {
                    throw new BadInputException("column '" + column + "' is in none of " + TabularSettings.TABLES.key() + " " + paths);
                }
            }
            List<Column> selected = new ArrayList<>(List.of(col(ARCH),
                    (has(joined, SEED) ? tryCast(SEED, "BIGINT") : lit(TabularData.NO_SEED)).as(SEED)));
            for (int c = 0; c < columns.size(); c++) {
                selected.add(tryCast(columns.get(c), "DOUBLE").as(asDouble(c)));
            }
            for (int c = 0; c < columns.size(); c++) {
                selected.add(col(columns.get(c)).cast(DataTypes.StringType).as(asText(c)));
            }
            List<Row> rows = requireRows(TabularSettings.TABLES.key(), paths, joined.select(selected.toArray(Column[]::new)).collectAsList());
            return toTabularData(space, rows, columns, extras);
        });
    }

    /**
     * Reads and joins the files named by config key {@code key}, hands the joined Dataset to
     * {@code use}, and releases the cached files afterwards. {@code use} collects what it needs
     * (checking it with {@link #requireRows}): one Spark job over the join, not two.
     */
    public static <T> T withJoined(SparkSession spark, String key, List<String> paths, Function<Dataset<Row>, T> use) {
        if (paths.isEmpty()) {
            throw io.sparknas.jobs.config.ConfigErrors.invalid(key, "is empty: name at least one CSV file");
        }
        List<Dataset<Row>> tables = new ArrayList<>();
        try {
            for (String path : paths) {
                tables.add(read(spark, key, path));
            }
            return use.apply(join(tables));
        } finally {
            tables.forEach(Dataset::unpersist);
        }
    }

    /** The collected rows of a join, or a one-line error when the files share no architecture. */
    public static List<Row> requireRows(String key, List<String> paths, List<Row> rows) {
        if (rows.isEmpty()) {
            throw new BadInputException(key + " " + paths + " have no architecture in common");
        }
        return rows;
    }

    private static Dataset<Row> join(List<Dataset<Row>> tables) {
        Dataset<Row> joined = tables.get(0);
        for (Dataset<Row> table : tables.subList(1, tables.size())) {
            List<String> keys = new ArrayList<>(List.of(ARCH));
            if (has(joined, SEED) && has(table, SEED)) {
                keys.add(SEED);
            }
            Dataset<Row> previous = joined;
            Column[] extra = Arrays.stream(table.columns())
                    .filter(c -> keys.contains(c) || !has(previous, c)).map(table::col).toArray(Column[]::new);
            joined = previous.join(table.select(extra), keys.toArray(String[]::new), "inner");
        }
        return joined;
    }

    /**
     * Column {@code c} of the load's selection as a double: named by position in {@code columns}, not by
     * the file's name, so that objective and report may be the same column.
     */
    private static String asDouble(int c) {
        return "value_" + c;
    }

    /** Column {@code c} of the load's selection as text (to quote a bad value). */
    private static String asText(int c) {
        return "text_" + c;
    }

    /** Rows have {@link #ARCH}, {@link #SEED}, and each of {@code columns} as double and as text (to quote bad values). */
    private static TabularData toTabularData(SearchSpace space, List<Row> rows, List<String> columns, List<String> extras) {
        TabularData.Builder builder = TabularData.builder(columns.get(0), columns.get(1), extras);
        int n = columns.size();
        for (Row row : rows) {
            String arch = row.getString(row.fieldIndex(ARCH));
            if (arch == null) {
                throw new BadInputException(TabularSettings.TABLES.key() + ": a row has an empty " + ARCH);
            }
            try {
                space.parse(arch);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(TabularSettings.TABLES.key() + ": " + e.getMessage(), e);
            }
            if (row.isNullAt(row.fieldIndex(SEED))) {
                throw new BadInputException(TabularSettings.TABLES.key() + ": empty or non-numeric seed for architecture " + arch);
            }
            double[] values = new double[n];
            for (int c = 0; c < n; c++) {
                values[c] = number(row, c, columns.get(c), arch);
            }
            try {
                builder.add(arch, row.getLong(row.fieldIndex(SEED)), values[0], values[1], Arrays.copyOfRange(values, 2, n));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(TabularSettings.TABLES.key() + ": " + e.getMessage(), e);
            }
        }
        return builder.build();
    }

    /** The {@code c}-th of the wanted columns (named {@code column} in the files) as a double. */
    private static double number(Row row, int c, String column, String arch) {
        int value = row.fieldIndex(asDouble(c));
        if (row.isNullAt(value)) {
            int text = row.fieldIndex(asText(c));
            String shown = row.isNullAt(text) ? "" : row.getString(text);
            throw new BadInputException(TabularSettings.TABLES.key() + ": column '" + column + "' has " + (shown.isEmpty()
                    ? "no value" : "non-numeric value '" + shown + "'") + " for architecture " + arch);
        }
        return row.getDouble(value);
    }

    private static Dataset<Row> read(SparkSession spark, String key, String path) {
        try {
            Path hadoopPath = new Path(path);
            FileSystem fs = hadoopPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.isFile(hadoopPath)) {
                throw new BadInputException(key + ": no such file: " + path);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException(key + ": cannot open " + path + ": " + e.getMessage(), e);
        }
        Dataset<Row> table;
        try {
            // the file as named: Spark's file sources expand Hadoop globs ({ } [ ] * ? \), so g[1].csv would read
            // g1.csv; Spark's own option turns that off (it reads the files it has listed with it too)
            table = spark.read().option("header", "true").option("mode", "FAILFAST")
                    .option("inferSchema", "true").option("enforceSchema", "false").option(GLOB_PATHS, "false").csv(path);
            table.cache().count(); // FAILFAST only fails when rows are read: read them now, while we can name the file
        } catch (Exception e) { // SparkException is checked but thrown undeclared by Scala code
            throw new BadInputException(key + ": " + path + " is not a readable CSV file: " + firstLine(e), e);
        }
        if (!has(table, ARCH)) {
            throw new BadInputException(key + ": " + path + " has no '" + ARCH + "' column (columns: "
                    + String.join(", ", table.columns()) + ")");
        }
        return table;
    }

    /**
     * Column {@code column} cast to {@code sqlType}, null where a value does not parse ({@code try_cast}):
     * a plain cast throws on Spark 4's ANSI mode, and the callers report such values by name.
     */
    public static Column tryCast(String column, String sqlType) {
        return expr("try_cast(`" + column.replace("`", "``") + "` AS " + sqlType + ")");
    }

    public static boolean has(Dataset<Row> table, String column) {
        return Arrays.asList(table.columns()).contains(column);
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
