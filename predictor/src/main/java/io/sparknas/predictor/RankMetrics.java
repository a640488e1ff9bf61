package io.sparknas.predictor;

import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

/** How well predicted scores rank architectures compared with their true scores. */
public final class RankMetrics {
    private RankMetrics() {
    }

    /** Kendall's τ-b (ties handled) between predicted and true values. */
    public static double kendallTau(double[] predicted, double[] truth) {
        requirePaired(predicted, truth);
        return new KendallsCorrelation().correlation(predicted, truth);
    }

    /** Spearman's ρ: Pearson correlation of the ranks (ties get their average rank). */
    public static double spearman(double[] predicted, double[] truth) {
        requirePaired(predicted, truth);
        return new SpearmansCorrelation().correlation(predicted, truth);
    }

    /**
     * The fraction of the true top-k (highest true values) that are also in the predicted top-k.
     * Ties at the k-th place are broken by index, the same way on both sides.
     */
    public static double topKPrecision(double[] predicted, double[] truth, int k) {
        requirePaired(predicted, truth);
        if (k < 1 || k > truth.length) {
            throw new IllegalArgumentException("k must be in 1.." + truth.length + ", got " + k);
        }
        Set<Integer> predictedTop = new HashSet<>(topIndices(predicted, k));
        long hits = topIndices(truth, k).stream().filter(predictedTop::contains).count();
        return hits / (double) k;
    }

    private static java.util.List<Integer> topIndices(double[] values, int k) {
        return IntStream.range(0, values.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> values[i]).reversed().thenComparing(i -> i))
                .limit(k)
                .toList();
    }

    private static void requirePaired(double[] predicted, double[] truth) {
        if (predicted == null || truth == null || predicted.length != truth.length) {
            throw new IllegalArgumentException("predicted and true values must be paired, got "
                    + (predicted == null ? "null" : predicted.length) + " and " + (truth == null ? "null" : truth.length));
        }
        if (predicted.length < 2) {
            throw new IllegalArgumentException("rank metrics need at least 2 values, got " + predicted.length);
        }
    }
}
