package io.sparknas.jobs.bench.zerocost;

import io.sparknas.jobs.bench.zerocost.ZeroCostBenchSummary.ProxyRho;
import io.sparknas.jobs.bench.zerocost.ZeroCostBenchSummary.PublishedComparison;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The bench's scored sample on the driver: per cell its target value and proxy scores (NaN where a
 * proxy was not computed or the cell failed). A score of −∞ (NASWOT's singular kernel, synflow's
 * zero when no path reaches the output) is a real lowest rank; NaN means "not scored" and the cell
 * is left out of that proxy's correlation.
 */
final class ScoredCells {
    static final List<String> PROXIES = List.of("synflow", "naswot", "grad_norm", "snip");
    private static final NaturalRanking RANKING = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE);

    private final List<String> archs;
    private final double[] target;
    private final double[][] scores; // [proxy][cell]
    private final double[] seconds;
    private final boolean[] failed;

    private ScoredCells(List<String> archs, double[] target, double[][] scores, double[] seconds, boolean[] failed) {
        this.archs = archs;
        this.target = target;
        this.scores = scores;
        this.seconds = seconds;
        this.failed = failed;
    }

    /** @param scored rows of {@link ProxyScoring#SCORES}, in index order */
    static ScoredCells of(List<String> archs, List<Row> scored, Map<String, Double> truth) {
        int n = archs.size();
        if (scored.size() != n) {
            throw new IllegalStateException("scored " + scored.size() + " of " + n + " cells");
        }
        double[][] scores = new double[PROXIES.size()][n];
        double[] seconds = new double[n];
        boolean[] failed = new boolean[n];
        for (int i = 0; i < n; i++) {
            Row row = scored.get(i);
            for (int p = 0; p < PROXIES.size(); p++) {
                int score = row.fieldIndex(PROXIES.get(p));
                scores[p][i] = row.isNullAt(score) ? Double.NaN : row.getDouble(score);
            }
            seconds[i] = row.getDouble(row.fieldIndex(ProxyScoring.SECONDS));
            failed[i] = !row.isNullAt(row.fieldIndex(ProxyScoring.FAILURE));
        }
        double[] target = archs.stream().mapToDouble(truth::get).toArray();
        return new ScoredCells(archs, target, scores, seconds, failed);
    }

    int count(String proxy) {
        return (int) Arrays.stream(scores[PROXIES.indexOf(proxy)]).filter(v -> !Double.isNaN(v)).count();
    }

    int failed() {
        int count = 0;
        for (boolean f : failed) {
            count += f ? 1 : 0;
        }
        return count;
    }

    double meanSeconds() {
        return Arrays.stream(seconds).average().orElse(Double.NaN);
    }

    ProxyRho rho(String proxy) {
        return rhoOf(proxy, scores[PROXIES.indexOf(proxy)]);
    }

    /** Spearman and Kendall of a per-cell score with the target, over the cells where it is not NaN. */
    ProxyRho rhoOf(String name, double[] score) {
        int[] cells = where(i -> !Double.isNaN(score[i]));
        if (cells.length < 3) {
            return new ProxyRho(name, cells.length, Double.NaN, Double.NaN);
        }
        double[] x = pick(score, cells);
        double[] y = pick(target, cells);
        return new ProxyRho(name, cells.length, spearman(x, y), new KendallsCorrelation().correlation(finite(x), y));
    }

    /**
     * Borda count: the sum over the proxies of each cell's rank among the cells that have all of them
     * (NaN elsewhere). Scale-free, so no proxy dominates by magnitude; a pairwise majority vote over
     * the same proxies orders cells the same way whenever the vote is transitive.
     */
    double[] rankSum(List<String> proxies) {
        int[] cells = where(i -> proxies.stream().noneMatch(p -> Double.isNaN(scores[PROXIES.indexOf(p)][i])));
        double[] sum = new double[archs.size()];
        Arrays.fill(sum, Double.NaN);
        if (cells.length == 0) {
            return sum;
        }
        double[] total = new double[cells.length];
        for (String proxy : proxies) {
            double[] ranks = RANKING.rank(pick(scores[PROXIES.indexOf(proxy)], cells));
            for (int k = 0; k < cells.length; k++) {
                total[k] += ranks[k];
            }
        }
        for (int k = 0; k < cells.length; k++) {
            sum[cells[k]] = total[k];
        }
        return sum;
    }

    /** Ours against the published column {@code column} on the cells both have. */
    PublishedComparison compare(String proxy, String publishedName, Map<String, double[]> published, int column) {
        double[] ours = scores[PROXIES.indexOf(proxy)];
        int[] cells = where(i -> !Double.isNaN(ours[i]) && published.containsKey(archs.get(i))
                && !Double.isNaN(published.get(archs.get(i))[column]));
        double[] theirs = Arrays.stream(cells).mapToDouble(i -> published.get(archs.get(i))[column]).toArray();
        if (cells.length < 3) {
            return new PublishedComparison(proxy, publishedName, cells.length, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] mine = pick(ours, cells);
        double[] y = pick(target, cells);
        return new PublishedComparison(proxy, publishedName, cells.length, spearman(mine, theirs), spearman(mine, y),
                spearman(theirs, y));
    }

    /** Per cell: arch, target, the four proxies (empty when not scored), seconds, failed. */
    void writeCsv(SparkSession spark, String path) {
        StructType schema = new StructType().add("arch_str", DataTypes.StringType).add("target", DataTypes.DoubleType)
                .add("synflow", DataTypes.DoubleType).add("naswot", DataTypes.DoubleType)
                .add("grad_norm", DataTypes.DoubleType).add("snip", DataTypes.DoubleType)
                .add("seconds", DataTypes.DoubleType).add("failed", DataTypes.BooleanType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < archs.size(); i++) {
            rows.add(RowFactory.create(archs.get(i), target[i], nullIfNaN(scores[0][i]), nullIfNaN(scores[1][i]),
                    nullIfNaN(scores[2][i]), nullIfNaN(scores[3][i]), seconds[i], failed[i]));
        }
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true").csv(path);
    }

    private static Double nullIfNaN(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static double spearman(double[] x, double[] y) {
        return new SpearmansCorrelation(RANKING).correlation(x, y);
    }

    /** Kendall compares values directly: ±∞ become the extreme finite doubles, order unchanged. */
    private static double[] finite(double[] values) {
        return Arrays.stream(values).map(v -> v == Double.NEGATIVE_INFINITY ? -Double.MAX_VALUE
                : v == Double.POSITIVE_INFINITY ? Double.MAX_VALUE : v).toArray();
    }

    private int[] where(IntPredicate keep) {
        return java.util.stream.IntStream.range(0, archs.size()).filter(keep).toArray();
    }

    private static double[] pick(double[] values, int[] indices) {
        return Arrays.stream(indices).mapToDouble(i -> values[i]).toArray();
    }
}
