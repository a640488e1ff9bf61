package io.sparknas.population.pareto;

import io.sparknas.population.Individual;
import io.sparknas.population.Objective;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks a population the NSGA-II way: the front each individual lies on (constraint-domination) and
 * its crowding distance within that front. What the populations table's rank, crowding and is_pareto
 * columns are made of.
 */
public final class ParetoRanking {

    /** One individual's place: {@code rank} 0 is the non-dominated front. */
    public record Ranked(Individual individual, int rank, double crowding) {
        public boolean isPareto() {
            return rank == 0;
        }
    }

    /** Lower rank first, then larger crowding distance: NSGA-II's crowded-comparison order. */
    public static final Comparator<Ranked> BETTER_FIRST =
            Comparator.comparingInt(Ranked::rank).thenComparing(Comparator.comparingDouble(Ranked::crowding).reversed());

    private ParetoRanking() {
    }

    /** Every individual ranked, in input order. */
    public static List<Ranked> rank(List<Individual> individuals, List<Objective> objectives, List<Constraint> constraints) {
        double[][] points = Utilities.of(individuals, objectives);
        List<int[]> fronts = NonDominatedSort.fronts(points, Utilities.violations(individuals, constraints));
        Ranked[] ranked = new Ranked[individuals.size()];
        for (int rank = 0; rank < fronts.size(); rank++) {
            int[] front = fronts.get(rank);
            double[] crowding = CrowdingDistance.of(Arrays.stream(front).mapToObj(i -> points[i]).toArray(double[][]::new));
            for (int k = 0; k < front.length; k++) {
                ranked[front[k]] = new Ranked(individuals.get(front[k]), rank, crowding[k]);
            }
        }
        return new ArrayList<>(Arrays.asList(ranked));
    }
}
