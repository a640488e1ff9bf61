package io.sparknas.population.pareto;

import io.sparknas.population.Individual;
import io.sparknas.population.Objective;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The exact hypervolume of a point set in 2 or 3 objectives: the volume of the region that some
 * point dominates and that dominates the reference point. Points are utilities (larger is better);
 * a point that does not strictly dominate the reference on every objective adds nothing.
 */
public final class Hypervolume {

    private Hypervolume() {
    }

    /**
     * @throws IllegalArgumentException for a reference of a dimension other than 2 or 3, a non-finite
     *                                  reference, or a point of another dimension or with a NaN coordinate
     */
    public static double of(List<double[]> points, double[] reference) {
        int dimensions = reference.length;
        if (dimensions != 2 && dimensions != 3) {
            throw new IllegalArgumentException("hypervolume is exact for 2 or 3 objectives only, got " + dimensions);
        }
        for (double r : reference) {
            if (!Double.isFinite(r)) {
                throw new IllegalArgumentException("hypervolume reference must be finite, got " + Arrays.toString(reference));
            }
        }
        List<double[]> counted = new ArrayList<>();
        for (double[] point : points) {
            if (point.length != dimensions) {
                throw new IllegalArgumentException("point " + Arrays.toString(point) + " has " + point.length
                        + " objectives, the reference " + dimensions);
            }
            boolean dominatesReference = true;
            for (int m = 0; m < dimensions; m++) {
                if (Double.isNaN(point[m])) {
                    throw new IllegalArgumentException("point " + Arrays.toString(point) + " has a NaN coordinate");
                }
                dominatesReference &= point[m] > reference[m];
            }
            if (dominatesReference) {
                counted.add(point);
            }
        }
        return dimensions == 2 ? area(counted, reference) : volume(counted, reference);
    }

    /**
     * The hypervolume of individuals' objective values. The reference is given in the metrics' own
     * units (e.g. {@code accuracy=0, params=2.0} for maximised accuracy and minimised params) and
     * turned into utilities like the individuals are. Constraints are not applied here: pass the
     * feasible individuals when infeasible ones should not count.
     */
    public static double of(List<Individual> individuals, List<Objective> objectives, Map<String, Double> reference) {
        double[] point = new double[objectives.size()];
        for (int m = 0; m < point.length; m++) {
            Objective objective = objectives.get(m);
            if (!reference.containsKey(objective.metric())) {
                throw new IllegalArgumentException("hypervolume reference has no value for objective '" + objective.metric() + "'");
            }
            point[m] = objective.utility(reference);
        }
        return of(Arrays.asList(Utilities.of(individuals, objectives)), point);
    }

    /** Sweeps along the first objective from the largest value, adding the strip each point adds above the last. */
    private static double area(List<double[]> points, double[] reference) {
        double[][] sorted = points.toArray(double[][]::new);
        Arrays.sort(sorted, Comparator.comparingDouble((double[] p) -> p[0]).reversed()
                .thenComparing(Comparator.comparingDouble((double[] p) -> p[1]).reversed()));
        double area = 0.0;
        double covered = reference[1];
        for (double[] p : sorted) {
            if (p[1] > covered) {
                area += (p[0] - reference[0]) * (p[1] - covered);
                covered = p[1];
            }
        }
        return area;
    }

    /**
     * Slices along the third objective: between two consecutive third-objective values (from the
     * largest down) the dominated region is the area of every point at or above the slice, times the
     * slice's thickness. O(n^2 log n), ample for populations.
     */
    private static double volume(List<double[]> points, double[] reference) {
        double[][] sorted = points.toArray(double[][]::new);
        Arrays.sort(sorted, Comparator.comparingDouble((double[] p) -> p[2]).reversed());
        double[] reference2 = {reference[0], reference[1]};
        List<double[]> above = new ArrayList<>();
        double volume = 0.0;
        for (int i = 0; i < sorted.length; i++) {
            above.add(new double[] {sorted[i][0], sorted[i][1]});
            double floor = i + 1 < sorted.length ? sorted[i + 1][2] : reference[2];
            double thickness = sorted[i][2] - floor;
            if (thickness > 0) {
                volume += area(above, reference2) * thickness;
            }
        }
        return volume;
    }
}
