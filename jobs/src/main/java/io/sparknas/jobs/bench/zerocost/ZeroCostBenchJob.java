package io.sparknas.jobs.bench.zerocost;

import io.sparknas.evaluation.dl4j.InputShape;
import io.sparknas.hardware.Nb201Costs;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.data.BenchmarkTables;
import io.sparknas.population.CheckpointableRandom;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.jobs.bench.zerocost.ZeroCostBenchSummary.ProxyRho;
import io.sparknas.jobs.bench.zerocost.ZeroCostBenchSummary.PublishedComparison;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;

/**
 * The {@code zero-cost-bench} command: zero-cost proxies (synflow, NASWOT, grad_norm, snip) of NB201
 * networks built as NAS-Bench-201 trained them (3×32×32, 10 classes, C = 16, N = 5), scored on the
 * executors for a seeded sample of cells, and ranked against a benchmark column (Spearman, Kendall),
 * with two combined scores and the analytic parameter count as a baseline. When a table of
 * published proxy scores is given, its cells can be put first in the sample, and our scores are
 * compared with the published ones architecture by architecture.
 */
public final class ZeroCostBenchJob {
    /** Our proxy → the published table's column of the same proxy (NASLib names). */
    static final Map<String, String> PUBLISHED_COLUMNS = publishedColumns();
    private static final String DATASET = "dataset";
    /** readTarget's column of the target values. */
    private static final String TARGET = "target";

    private ZeroCostBenchJob() {
    }

    public static ZeroCostBenchSummary run(SparkSession spark, NasConfig config, PrintStream out) {
        ZeroCostSettings settings = ZeroCostSettings.from(config);
        String target = settings.target();
        int cells = settings.cells();
        long sampleSeed = settings.sampleSeed();
        long seed = settings.seed();
        int batch = settings.batch();
        int dataCells = settings.dataProxyCells();
        int threads = settings.threadsPerTask();
        int partitions = settings.partitions() > 0 ? settings.partitions()
                : 4 * spark.sparkContext().defaultParallelism();

        Map<String, Double> truth = readTarget(spark, settings.tables(), target);
        Map<String, double[]> published = readPublished(spark, settings.published(),
                settings.publishedDataset());
        List<String> sample = sample(truth, settings.includePublished() ? published.keySet() : List.of(),
                cells, sampleSeed);
        int inSample = (int) sample.stream().filter(published::containsKey).count();

        List<Row> cellRows = new ArrayList<>();
        for (int i = 0; i < sample.size(); i++) {
            cellRows.add(RowFactory.create(i, sample.get(i), dataCells < 0 || i < dataCells));
        }
        InputShape shape = InputShape.cifar(10);
        long start = System.nanoTime();
        List<Row> scored = ProxyScoring.score(spark, cellRows, shape, batch, seed, partitions, threads);
        double wall = (System.nanoTime() - start) / 1e9;

        ScoredCells table = ScoredCells.of(sample, scored, truth);
        List<ProxyRho> rhos = new ArrayList<>();
        for (String proxy : ScoredCells.PROXIES) {
            rhos.add(table.rho(proxy));
        }
        rhos.add(table.rhoOf("rank_sum(synflow,naswot,grad_norm,snip)", table.rankSum(ScoredCells.PROXIES)));
        rhos.add(table.rhoOf("rank_sum(synflow,naswot,snip)", table.rankSum(List.of("synflow", "naswot", "snip"))));
        Nb201Space space = new Nb201Space();
        Nb201Costs costs = Nb201Costs.cifar(10);
        rhos.add(table.rhoOf("params (analytic baseline)",
                sample.stream().mapToDouble(arch -> costs.params(space.decode(space.parse(arch)))).toArray()));
        List<PublishedComparison> comparisons = new ArrayList<>();
        if (!published.isEmpty()) {
            List<String> columns = new ArrayList<>(PUBLISHED_COLUMNS.values());
            PUBLISHED_COLUMNS.forEach((ours, theirs) ->
                    comparisons.add(table.compare(ours, theirs, published, columns.indexOf(theirs))));
        }
        ZeroCostBenchSummary summary = new ZeroCostBenchSummary(target,
                "NB201 skeleton C=16 N=5, input " + shape + " (synflow: DOUBLE, BN removed; others: FLOAT, BN in training mode;"
                        + " weights U(+-1/sqrt(fan_in)))",
                batch + " random-normal N(0,1) images, uniformly random labels, seed " + seed, sample.size(),
                table.count("naswot"), table.failed(), sampleSeed, seed, inSample, partitions, wall, table.meanSeconds(),
                rhos, comparisons);
        print(out, summary);
        String csv = settings.cellsCsv();
        if (!csv.isEmpty()) {
            table.writeCsv(spark, csv);
        }
        return summary;
    }

    private static Map<String, Double> readTarget(SparkSession spark, List<String> paths, String target) {
        String key = ZeroCostSettings.TABLES.key();
        List<Row> rows = BenchmarkTables.withJoined(spark, key, paths, joined -> {
            if (!BenchmarkTables.has(joined, target)) {
                throw new BadInputException(key + ": column '" + target + "' is in none of " + paths);
            }
            return BenchmarkTables.requireRows(key, paths, joined.select(col(BenchmarkTables.ARCH),
                    BenchmarkTables.tryCast(target, "DOUBLE").as(TARGET)).collectAsList());
        });
        Map<String, Double> truth = new TreeMap<>(); // sorted: the sample must not depend on the file's row order
        Nb201Space space = new Nb201Space();
        for (Row row : rows) {
            String arch = row.getString(row.fieldIndex(BenchmarkTables.ARCH));
            try {
                space.parse(arch);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new BadInputException(key + ": '" + arch + "' is not an NB201 cell", e);
            }
            if (row.isNullAt(row.fieldIndex(TARGET))) {
                throw new BadInputException(key + ": column '" + target + "' has no numeric value for " + arch);
            }
            truth.put(arch, row.getDouble(row.fieldIndex(TARGET)));
        }
        return truth;
    }

    /** arch → published scores in {@link #PUBLISHED_COLUMNS} order; empty when no file is configured. */
    private static Map<String, double[]> readPublished(SparkSession spark, String path, String dataset) {
        if (path.isEmpty()) {
            return Map.of();
        }
        String key = ZeroCostSettings.PUBLISHED.key();
        List<String> columns = new ArrayList<>(PUBLISHED_COLUMNS.values());
        List<Row> rows = BenchmarkTables.withJoined(spark, key, List.of(path), table -> {
            for (String column : columns) {
                if (!BenchmarkTables.has(table, column)) {
                    throw new BadInputException(key + ": " + path + " has no column '" + column + "'");
                }
            }
            List<Column> selected = new ArrayList<>(List.of(col(BenchmarkTables.ARCH)));
            columns.forEach(c -> selected.add(BenchmarkTables.tryCast(c, "DOUBLE").as(c)));
            var filtered = BenchmarkTables.has(table, DATASET) ? table.filter(col(DATASET).equalTo(dataset)) : table;
            return BenchmarkTables.requireRows(key + " (dataset " + dataset + ")", List.of(path),
                    filtered.select(selected.toArray(Column[]::new)).collectAsList());
        });
        Map<String, double[]> published = new TreeMap<>();
        for (Row row : rows) {
            double[] values = new double[columns.size()];
            for (int c = 0; c < values.length; c++) {
                int value = row.fieldIndex(columns.get(c));
                values[c] = row.isNullAt(value) ? Double.NaN : row.getDouble(value);
            }
            published.put(row.getString(row.fieldIndex(BenchmarkTables.ARCH)), values);
        }
        return published;
    }

    /**
     * The first {@code cells} of: the published cells that the target table has (shuffled), then all
     * other cells (shuffled), both with the sample seed. Both parts are uniform random samples of the
     * space, so the union is one too; putting the published cells first makes the per-architecture
     * comparison cover all of them.
     */
    static List<String> sample(Map<String, Double> truth, java.util.Collection<String> publishedFirst, int cells, long seed) {
        if (cells > truth.size()) {
            throw ZeroCostSettings.CELLS.error("must be at most the " + truth.size() + " cells of the tables, got " + cells);
        }
        List<String> first = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String arch : truth.keySet()) { // sorted
            (publishedFirst.contains(arch) ? first : rest).add(arch);
        }
        CheckpointableRandom rng = CheckpointableRandom.seeded(seed);
        shuffle(first, rng);
        shuffle(rest, rng);
        first.addAll(rest);
        return List.copyOf(first.subList(0, cells));
    }

    private static void shuffle(List<String> list, CheckpointableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) { // Fisher-Yates
            Collections.swap(list, i, rng.nextInt(i + 1));
        }
    }

    private static Map<String, String> publishedColumns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("synflow", "synflow");
        columns.put("naswot", "nwot");
        columns.put("grad_norm", "grad_norm");
        columns.put("snip", "snip");
        return Collections.unmodifiableMap(columns);
    }

    private static void print(PrintStream out, ZeroCostBenchSummary s) {
        out.printf("zero-cost-bench: %d NB201 cells (%d with data proxies, %d failed), %s; %.0f s wall, %.2f s per cell%n",
                s.cells(), s.cellsWithDataProxies(), s.failed(), s.inputs(), s.wallTimeS(), s.cellSecondsMean());
        out.printf("%-44s %6s %9s %9s%n", "score vs " + s.target(), "n", "Spearman", "Kendall");
        for (ProxyRho r : s.proxies()) {
            out.printf("%-44s %6d %9.4f %9.4f%n", r.proxy(), r.n(), r.spearman(), r.kendall());
        }
        if (!s.published().isEmpty()) {
            out.printf("%-12s %-10s %6s %14s %14s %14s%n", "proxy", "published", "n", "ours~published", "ours~target",
                    "published~target");
            for (PublishedComparison c : s.published()) {
                out.printf("%-12s %-10s %6d %14.4f %14.4f %14.4f%n", c.proxy(), c.publishedColumn(), c.n(),
                        c.oursVsPublished(), c.oursVsTarget(), c.publishedVsTarget());
            }
        }
    }
}
