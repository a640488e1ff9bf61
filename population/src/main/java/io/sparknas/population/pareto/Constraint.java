package io.sparknas.population.pareto;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An upper bound on one metric, e.g. {@code params <= 1.0}. The search loop puts hardware costs into
 * an individual's metrics, so constraints read them from there like objectives do.
 */
public record Constraint(String metric, double max) implements Serializable {

    public Constraint {
        Objects.requireNonNull(metric, "metric");
        if (Double.isNaN(max)) {
            throw new IllegalArgumentException("constraint on '" + metric + "': max must be a number, got NaN");
        }
    }

    public static Constraint atMost(String metric, double max) {
        return new Constraint(metric, max);
    }

    public boolean isSatisfiedBy(Map<String, Double> metrics) {
        return violation(metrics) == 0.0;
    }

    /**
     * How far the metric lies above the bound, 0 when satisfied. A missing or NaN metric is
     * infinitely violated: an unmeasured cost must never pass for a small one.
     */
    public double violation(Map<String, Double> metrics) {
        Double value = metrics.get(metric);
        if (value == null || value.isNaN()) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.max(0.0, value - max);
    }

    /**
     * The sum of every constraint's violation, in the metrics' own units (so constraints on metrics of
     * very different scales weigh unequally; 0 means feasible either way).
     */
    public static double totalViolation(List<Constraint> constraints, Map<String, Double> metrics) {
        double total = 0.0;
        for (Constraint constraint : constraints) {
            total += constraint.violation(metrics);
        }
        return total;
    }
}
