package io.sparknas.jobs.bench.latency;

import io.sparknas.hardware.FewShotLatencyModel;
import io.sparknas.hardware.LatencyPrior;
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

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.col;

/**
 * The {@code latency-bench} command: for every device column ({@code lat_ms_*}) of the tables, fit a
 * {@link LatencyTableModel} on K measured cells and rank every other cell, against FLOPs as the
 * baseline; Spearman and Kendall on the held-out cells, mean over seeds. With {@code latency.prior-tables},
 * each column is also fitted as a {@link FewShotLatencyModel} on the same K cells, the prior tables'
 * other {@code lat_ms_*} columns (never the column's own name) as its prior: naming the tables
 * themselves there is a leave-one-device-out run of the few-shot (HELP) setting.
 */
public final class LatencyBenchJob {
    static final String DEVICE_PREFIX = "lat_ms_";
    private static final Nb201Space SPACE = new Nb201Space();

    private LatencyBenchJob() {
    }

    public static LatencyBenchSummary run(SparkSession spark, NasConfig config, PrintStream out) {
        LatencySettings settings = LatencySettings.from(config);
        int samples = settings.samples();
        int seeds = settings.seeds();
        long firstSeed = settings.firstSeed();
        List<String> wanted = settings.columns();
        List<String> paths = settings.tables();
        MeasuredTable table = BenchmarkTables.withJoined(spark, LatencySettings.TABLES.key(), paths, joined -> {
            List<String> columns = deviceColumns(Arrays.asList(joined.columns()), wanted, paths);
            return MeasuredTable.of(LatencySettings.TABLES.key(), columns, BenchmarkTables.requireRows(LatencySettings.TABLES.key(),
                    paths, joined.select(latencies(columns)).collectAsList()));
        });
        MeasuredTable prior = null;
        List<String> priorPaths = settings.priorTables();
        if (!priorPaths.isEmpty()) {
            String key = LatencySettings.PRIOR_TABLES.key();
            prior = BenchmarkTables.withJoined(spark, key, priorPaths, joined -> {
                List<String> columns = Arrays.stream(joined.columns()).filter(c -> c.startsWith(DEVICE_PREFIX)).toList();
                if (columns.isEmpty()) {
                    throw new BadInputException(key + " " + priorPaths + " have no '" + DEVICE_PREFIX + "*' column");
                }
                return MeasuredTable.of(key, columns, BenchmarkTables.requireRows(key, priorPaths,
                        joined.select(latencies(columns)).collectAsList()));
            });
            table = table.restrictedTo(prior.archs());
            if (table.cells().isEmpty()) {
                throw new BadInputException(key + " " + priorPaths + " share no architecture with "
                        + LatencySettings.TABLES.key() + " " + paths);
            }
            prior = prior.alignedTo(table.archs());
            for (String device : table.columns()) {
                if (prior.columns().equals(List.of(device))) {
                    throw new BadInputException(key + " " + priorPaths + " have no '" + DEVICE_PREFIX + "*' column other than '"
                            + device + "' itself, which is never its own prior");
                }
            }
        }
        if (samples >= table.cells().size()) {
            throw LatencySettings.SAMPLES.error("must be below the " + table.cells().size() + " measured cells, got " + samples);
        }
        double[] flops = table.cells().stream().mapToDouble(Nb201Costs.cifar(10)::flops).toArray();
        List<LatencyColumnSummary> summaries = new ArrayList<>();
        for (int c = 0; c < table.columns().size(); c++) {
            summaries.add(benchColumn(table, c, prior, flops, samples, seeds, firstSeed));
        }
        LatencyBenchSummary summary = LatencyBenchSummary.of(summaries);
        print(out, summary);
        return summary;
    }

    /** {@code arch_str} and each of {@code columns} as a double. */
    private static Column[] latencies(List<String> columns) {
        List<Column> selected = new ArrayList<>(List.of(col(BenchmarkTables.ARCH)));
        columns.forEach(c -> selected.add(BenchmarkTables.tryCast(c, "DOUBLE").as(c)));
        return selected.toArray(Column[]::new);
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

    /**
     * One device column: per seed, K cells to fit on and the rest to rank. With a {@code prior}, its columns other
     * than the device's own name are the prior of a {@link FewShotLatencyModel} fitted on the same K cells.
     */
    private static LatencyColumnSummary benchColumn(MeasuredTable table, int column, MeasuredTable prior, double[] flops,
                                                    int samples, int seeds, long firstSeed) {
        String device = table.columns().get(column);
        double[] latency = table.latency(column);
        List<String> priorColumns = null;
        double[][] priorMs = null;
        LatencyPrior latencyPrior = null;
        if (prior != null) {
            priorColumns = prior.columns().stream().filter(c -> !c.equals(device)).toList(); // never the device itself
            priorMs = prior.latencies(priorColumns);
            latencyPrior = LatencyPrior.of(priorColumns, priorMs);
        }
        double[][] scores = new double[seeds][];
        for (int s = 0; s < seeds; s++) {
            int[] order = shuffled(latency.length, firstSeed + s);
            int[] train = Arrays.copyOfRange(order, 0, samples);
            int[] test = Arrays.copyOfRange(order, samples, order.length);
            LatencyTableModel model = LatencyTableModel.fit(device,
                    Arrays.stream(train).mapToObj(table.cells()::get).toList(), pick(latency, train));
            double[] predicted = Arrays.stream(test).mapToDouble(i -> model.predict(table.cells().get(i))).toArray();
            double[] measured = pick(latency, test);
            double[] baseline = pick(flops, test);
            double[] score = {
                new SpearmansCorrelation().correlation(predicted, measured),
                new KendallsCorrelation().correlation(predicted, measured),
                new SpearmansCorrelation().correlation(baseline, measured),
                new KendallsCorrelation().correlation(baseline, measured)};
            if (latencyPrior != null) {
                double[][] sources = priorMs;
                FewShotLatencyModel fewShot = FewShotLatencyModel.fit(device, latencyPrior,
                        Arrays.stream(train).mapToObj(i -> sources[i]).toArray(double[][]::new), pick(latency, train));
                double[] byPrior = Arrays.stream(test).mapToDouble(i -> fewShot.predict(sources[i])).toArray();
                score = Arrays.copyOf(score, 6);
                score[4] = new SpearmansCorrelation().correlation(byPrior, measured);
                score[5] = new KendallsCorrelation().correlation(byPrior, measured);
            }
            scores[s] = score;
        }
        return LatencyColumnSummary.of(device, samples, seeds, latency.length - samples, priorColumns, scores);
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

    private static void print(PrintStream out, LatencyBenchSummary summary) {
        boolean prior = summary.mean().priorSpearman() != null;
        out.printf("%-24s %8s %8s %8s %8s" + (prior ? " %8s %8s" : "") + "%n", "column", "model ρ", "model τ", "FLOPs ρ",
                "FLOPs τ", "prior ρ", "prior τ");
        List<LatencyColumnSummary> rows = new ArrayList<>(summary.columns());
        rows.add(summary.mean());
        for (LatencyColumnSummary s : rows) {
            out.printf("%-24s %8.4f %8.4f %8.4f %8.4f", s.column(), s.modelSpearman(), s.modelKendall(),
                    s.flopsSpearman(), s.flopsKendall());
            out.printf(prior ? " %8.4f %8.4f%n" : "%n", s.priorSpearman(), s.priorKendall());
        }
    }

    /** The measured latencies: one NB201 cell per row (its {@code arch_str} in {@code archs}), one device per column. */
    record MeasuredTable(List<String> columns, List<String> archs, List<Nb201Cell> cells, double[][] latencyByRow) {

        /** @param key the config key that named the files, for errors */
        static MeasuredTable of(String key, List<String> columns, List<Row> rows) {
            List<String> archs = new ArrayList<>(rows.size());
            List<Nb201Cell> cells = new ArrayList<>(rows.size());
            double[][] values = new double[rows.size()][columns.size()];
            for (int r = 0; r < rows.size(); r++) {
                Row row = rows.get(r);
                String arch = row.getString(row.fieldIndex(BenchmarkTables.ARCH));
                try {
                    cells.add(SPACE.decode(SPACE.parse(arch)));
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(key + ": " + e.getMessage(), e);
                }
                archs.add(arch);
                for (int c = 0; c < columns.size(); c++) {
                    int latency = row.fieldIndex(columns.get(c));
                    if (row.isNullAt(latency) || !(row.getDouble(latency) > 0) || Double.isInfinite(row.getDouble(latency))) {
                        throw new BadInputException(key + ": column '" + columns.get(c) + "' has no finite positive"
                                + " latency for architecture " + arch);
                    }
                    values[r][c] = row.getDouble(latency);
                }
            }
            return new MeasuredTable(columns, archs, cells, values);
        }

        double[] latency(int column) {
            return Arrays.stream(latencyByRow).mapToDouble(row -> row[column]).toArray();
        }

        /** The rows whose architecture is in {@code keep}, in this table's order. */
        MeasuredTable restrictedTo(List<String> keep) {
            Set<String> wanted = new HashSet<>(keep);
            int[] rows = IntStream.range(0, archs.size()).filter(r -> wanted.contains(archs.get(r))).toArray();
            return new MeasuredTable(columns, IntStream.of(rows).mapToObj(archs::get).toList(),
                    IntStream.of(rows).mapToObj(cells::get).toList(),
                    IntStream.of(rows).mapToObj(r -> latencyByRow[r]).toArray(double[][]::new));
        }

        /** One row per architecture of {@code order}, in that order (the first row of an architecture listed twice). */
        MeasuredTable alignedTo(List<String> order) {
            Map<String, Integer> index = new HashMap<>();
            for (int r = 0; r < archs.size(); r++) {
                index.putIfAbsent(archs.get(r), r);
            }
            int[] rows = order.stream().mapToInt(index::get).toArray();
            return new MeasuredTable(columns, List.copyOf(order), IntStream.of(rows).mapToObj(cells::get).toList(),
                    IntStream.of(rows).mapToObj(r -> latencyByRow[r]).toArray(double[][]::new));
        }

        /** Each row's latencies of {@code wanted} (some of {@link #columns}), in that order. */
        double[][] latencies(List<String> wanted) {
            int[] at = wanted.stream().mapToInt(columns::indexOf).toArray();
            return Arrays.stream(latencyByRow).map(row -> IntStream.of(at).mapToDouble(c -> row[c]).toArray())
                    .toArray(double[][]::new);
        }
    }
}
