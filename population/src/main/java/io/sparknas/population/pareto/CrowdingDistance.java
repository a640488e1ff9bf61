package io.sparknas.population.pareto;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * NSGA-II's crowding distance: how much room a point has around it on its front, summed over
 * objectives as the gap between its neighbours divided by the front's range on that objective.
 */
public final class CrowdingDistance {

    private CrowdingDistance() {
    }

    /**
     * The distance of every point of one front (utilities, rows are points). Fronts of one or two
     * points are all boundary: infinite. Otherwise the extreme points of every objective get infinity
     * so the front's ends survive truncation; ties are broken by index, so the result is deterministic.
     * An objective on which the whole front is equal adds nothing: it has no ends worth keeping, and
     * giving one of many equal points infinity would be arbitrary. Gaps that are undefined because a
     * utility is infinite (a missing metric) count as 0.
     */
    public static double[] of(double[][] front) {
        int n = front.length;
        double[] distance = new double[n];
        if (n <= 2) {
            Arrays.fill(distance, Double.POSITIVE_INFINITY);
            return distance;
        }
        int objectives = front[0].length;
        for (int m = 0; m < objectives; m++) {
            final int objective = m;
            Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble(i -> front[i][objective])); // stable: ties keep index order
            double range = front[order[n - 1]][m] - front[order[0]][m];
            if (!(range > 0)) {
                continue;
            }
            distance[order[0]] = Double.POSITIVE_INFINITY;
            distance[order[n - 1]] = Double.POSITIVE_INFINITY;
            for (int k = 1; k < n - 1; k++) {
                double gap = (front[order[k + 1]][m] - front[order[k - 1]][m]) / range;
                if (!Double.isNaN(gap)) {
                    distance[order[k]] += gap;
                }
            }
        }
        return distance;
    }
}
