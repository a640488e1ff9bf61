package io.sparknas.jobs.bench.latency;

import io.sparknas.hardware.LatencyTableModel;
import io.sparknas.hardware.Nb201Costs;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.data.BenchmarkTables;
import io.sparknas.population.CheckpointableRandom;
import io.sparknas.population.space.Nb201Cell;
import io.sparknas.population.space.Nb201Space;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * The {@code latency-bench} command: for every device column ({@code lat_ms_*}) of the tables, fit a
 * {@link LatencyTableModel} on K measured cells and rank every other cell, against FLOPs as the
 * baseline; Spearman and Kendall on the held-out cells, mean over seeds.
 */
public final class LatencyBenchJob {
    static final String DEVICE_PREFIX = "lat_ms_";
    private static final Nb201Space SPACE = new Nb201Space();

    private LatencyBenchJob() {
    }

    public static List<LatencyColumnSummary> run(SparkSession spark, NasConfig config, PrintStream out) {
        LatencySettings settings = LatencySettings.from(config);
        int samples = settings.samples();
        int seeds = settings.seeds();
        long firstSeed = settings.firstSeed();
        List<String> wanted = settings.columns();
        List<String> paths = settings.tables();
        MeasuredTable table = BenchmarkTables.withJoined(spark, LatencySettings.TABLES.key(), paths, joined -> {
            List<String> columns = deviceColumns(Arrays.asList(joined.columns()), wanted, paths);
            List<Column> selected = new ArrayList<>(List.of(col(BenchmarkTables.ARCH)));
            columns.forEach(c -> selected.add(col(c).cast(DataTypes.DoubleType).as(c)));
            return MeasuredTable.of(columns, BenchmarkTables.requireRows(LatencySettings.TABLES.key(), paths,
                    joined.select(selected.toArray(Column[]::new)).collectAsList()));
        });
        if (samples >= table.cells().size()) {
            throw LatencySettings.SAMPLES.error("must be below the " + table.cells().size() + " measured cells, got " + samples);
        }
        double[] flops = table.cells().stream().mapToDouble(Nb201Costs.cifar(10)::flops).toArray();
        List<LatencyColumnSummary> summaries = new ArrayList<>();
        for (int c = 0; c < table.columns().size(); c++) {
            summaries.add(benchColumn(table, c, flops, samples, seeds, firstSeed));
        }
        print(out, summaries);
        return summaries;
    }

    private static List<String> deviceColumns(List<String> available, List<String> wanted, List<String> paths) {
        for (String column : wanted) {
            if (!available.contains(column)) {
                throw LatencySettings.COLUMNS.error(": column '" + column + "' is in none of " + LatencySettings.TABLES.key() + " " + paths);
            }
        }
        List<String> columns = wanted.isEmpty()
                ? available.stream().filter(c -> c.startsWith(DEVICE_PREFIX)).toList() : wanted;
        if (columns.isEmpty()) {
            throw new BadInputException(LatencySettings.TABLES.key() + " " + paths + " have no '" + DEVICE_PREFIX + "*' column");
        }
        return columns;
    }

    private static LatencyColumnSummary benchColumn(MeasuredTable table, int column, double[] flops, int samples,
                                                    int seeds, long firstSeed) {
        double[] latency = table.latency(column);
        double[][] scores = new double[seeds][];
        for (int s = 0; s < seeds; s++) {
            int[] order = shuffled(latency.length, firstSeed + s);
            int[] train = Arrays.copyOfRange(order, 0, samples);
            int[] test = Arrays.copyOfRange(order, samples, order.length);
            LatencyTableModel model = LatencyTableModel.fit(table.columns().get(column),
                    Arrays.stream(train).mapToObj(table.cells()::get).toList(), pick(latency, train));
            double[] predicted = Arrays.stream(test).mapToDouble(i -> model.predict(table.cells().get(i))).toArray();
            double[] measured = pick(latency, test);
            double[] baseline = pick(flops, test);
            scores[s] = new double[] {
                new SpearmansCorrelation().correlation(predicted, measured),
                new KendallsCorrelation().correlation(predicted, measured),
                new SpearmansCorrelation().correlation(baseline, measured),
                new KendallsCorrelation().correlation(baseline, measured)};
        }
        return LatencyColumnSummary.of(table.columns().get(column), samples, seeds, latency.length - samples, scores);
    }

    private static int[] shuffled(int n, long seed) {
        CheckpointableRandom rng = CheckpointableRandom.seeded(seed);
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        for (int i = n - 1; i > 0; i--) { // Fisher-Yates
            int j = rng.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static double[] pick(double[] values, int[] indices) {
        return Arrays.stream(indices).mapToDouble(i -> values[i]).toArray();
    }

    private static void print(PrintStream out, List<LatencyColumnSummary> summaries) {
        out.printf("%-24s %8s %8s %8s %8s%n", "column", "model ρ", "model τ", "FLOPs ρ", "FLOPs τ");
        for (LatencyColumnSummary s : summaries) {
            out.printf("%-24s %8.4f %8.4f %8.4f %8.4f%n", s.column(), s.modelSpearman(), s.modelKendall(),
                    s.flopsSpearman(), s.flopsKendall());
        }
        out.printf("%-24s %8.4f %8.4f %8.4f %8.4f%n", "mean",
                summaries.stream().mapToDouble(LatencyColumnSummary::modelSpearman).average().orElse(Double.NaN),
                summaries.stream().mapToDouble(LatencyColumnSummary::modelKendall).average().orElse(Double.NaN),
                summaries.stream().mapToDouble(LatencyColumnSummary::flopsSpearman).average().orElse(Double.NaN),
                summaries.stream().mapToDouble(LatencyColumnSummary::flopsKendall).average().orElse(Double.NaN));
    }

    /** The measured latencies: one NB201 cell per row, one device per column. */
    record MeasuredTable(List<String> columns, List<Nb201Cell> cells, double[][] latencyByRow) {

        static MeasuredTable of(List<String> columns, List<Row> rows) {
            List<Nb201Cell> cells = new ArrayList<>(rows.size());
            double[][] values = new double[rows.size()][columns.size()];
            for (int r = 0; r < rows.size(); r++) {
                Row row = rows.get(r);
                String arch = row.getString(row.fieldIndex(BenchmarkTables.ARCH));
                try {
                    cells.add(SPACE.decode(SPACE.parse(arch)));
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(LatencySettings.TABLES.key() + ": " + e.getMessage(), e);
                }
                for (int c = 0; c < columns.size(); c++) {
                    int latency = row.fieldIndex(columns.get(c));
                    if (row.isNullAt(latency) || !(row.getDouble(latency) > 0) || Double.isInfinite(row.getDouble(latency))) {
                        throw new BadInputException(LatencySettings.TABLES.key() + ": column '" + columns.get(c) + "' has no finite positive"
                                + " latency for architecture " + arch);
                    }
                    values[r][c] = row.getDouble(latency);
                }
            }
            return new MeasuredTable(columns, cells, values);
        }

        double[] latency(int column) {
            return Arrays.stream(latencyByRow).mapToDouble(row -> row[column]).toArray();
        }
    }
}
