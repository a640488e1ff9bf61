package io.sparknas.population.pareto;

import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NonDominatedSortTest {

    /** The textbook definition, written independently of the code under test: peel off undominated points. */
    private static List<int[]> bruteForceFronts(double[][] points, double[] violations) {
        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            remaining.add(i);
        }
        List<int[]> fronts = new ArrayList<>();
        while (!remaining.isEmpty()) {
            List<Integer> front = new ArrayList<>();
            for (int p : remaining) {
                boolean dominated = false;
                for (int q : remaining) {
                    dominated |= beats(points[q], violations[q], points[p], violations[p]);
                }
                if (!dominated) {
                    front.add(p);
                }
            }
            remaining.removeAll(front);
            fronts.add(front.stream().mapToInt(Integer::intValue).toArray());
        }
        return fronts;
    }

    private static boolean beats(double[] q, double vq, double[] p, double vp) {
        if (vq > 0 || vp > 0) {
            return vq < vp; // a feasible point (0) is smaller than any violation, so this covers Deb's three cases
        }
        boolean strictlyBetterSomewhere = false;
        for (int m = 0; m < q.length; m++) {
            if (q[m] < p[m]) {
                return false;
            }
            strictlyBetterSomewhere |= q[m] > p[m];
        }
        return strictlyBetterSomewhere;
    }

    @Test
    void matchesTheBruteForceDefinitionOnRandomPoints() {
        Random rng = new Random(2024);
        double[] violationChoices = {0.5, 1.0, 2.0, Double.POSITIVE_INFINITY};
        for (int trial = 0; trial < 600; trial++) {
            int objectives = 2 + trial % 3;
            boolean constrained = trial % 2 == 1;
            int n = 1 + rng.nextInt(60);
            double[][] points = new double[n][objectives];
            double[] violations = new double[n];
            for (int i = 0; i < n; i++) {
                for (int m = 0; m < objectives; m++) {
                    // a coarse grid makes ties and duplicate points common; a fine one the general case
                    points[i][m] = trial % 4 < 2 ? rng.nextInt(5) : rng.nextDouble();
                }
                if (constrained && rng.nextDouble() < 0.4) {
                    violations[i] = violationChoices[rng.nextInt(violationChoices.length)];
                }
            }
            List<int[]> expected = bruteForceFronts(points, violations);
            List<int[]> actual = constrained ? NonDominatedSort.fronts(points, violations) : NonDominatedSort.fronts(points);
            assertEquals(expected.size(), actual.size(), "number of fronts, trial " + trial);
            for (int f = 0; f < expected.size(); f++) {
                assertArrayEquals(expected.get(f), actual.get(f), "front " + f + " of trial " + trial);
            }
        }
    }

    @Test
    void feasibleBeatsInfeasibleAndSmallerViolationBeatsLarger() {
        double[] good = {10, 10};
        double[] poor = {0, 0};
        assertTrue(NonDominatedSort.constrainedDominates(poor, 0.0, good, 0.1));
        assertTrue(NonDominatedSort.constrainedDominates(poor, 0.1, good, 0.2));
        assertFalse(NonDominatedSort.constrainedDominates(good, 0.2, poor, 0.2), "equal violations: a tie");
        assertFalse(NonDominatedSort.constrainedDominates(good, Double.POSITIVE_INFINITY, poor, Double.POSITIVE_INFINITY));
        assertTrue(NonDominatedSort.constrainedDominates(good, 0.0, poor, 0.0));
        assertFalse(NonDominatedSort.dominates(good, good), "a point never dominates itself");
    }

    @Test
    void sortsIndividualsWithMixedDirectionsAndConstraints() {
        List<Objective> objectives = List.of(Objective.maximize("accuracy"), Objective.minimize("latency"));
        Individual fastWeak = individual("a", 80, 1, 1.0);
        Individual slowStrong = individual("b", 90, 5, 1.0);
        Individual dominated = individual("c", 85, 6, 1.0);       // slowStrong is better on both
        Individual tooBig = individual("d", 99, 0.5, 9.0);        // would dominate all, but breaks params <= 2
        Individual wayTooBig = individual("e", 99, 0.5, 20.0);
        List<Individual> all = List.of(fastWeak, slowStrong, dominated, tooBig, wayTooBig);

        List<List<Individual>> fronts = NonDominatedSort.fronts(all, objectives, List.of(Constraint.atMost("params", 2)));
        assertEquals(List.of(List.of(fastWeak, slowStrong), List.of(dominated), List.of(tooBig), List.of(wayTooBig)), fronts);

        List<List<Individual>> unconstrained = NonDominatedSort.fronts(all, objectives, List.of());
        assertEquals(List.of(tooBig, wayTooBig), unconstrained.get(0));
    }

    @Test
    void everyIndexLandsInExactlyOneFront() {
        Random rng = new Random(5);
        double[][] points = new double[200][3];
        for (double[] p : points) {
            for (int m = 0; m < 3; m++) {
                p[m] = rng.nextInt(4);
            }
        }
        int[] seen = new int[points.length];
        NonDominatedSort.fronts(points).forEach(front -> Arrays.stream(front).forEach(i -> seen[i]++));
        assertTrue(Arrays.stream(seen).allMatch(count -> count == 1));
        assertEquals(List.of(), NonDominatedSort.fronts(new double[0][]));
    }

    static Individual individual(String name, double accuracy, double latency, double params) {
        return new Individual(Genome.of(0), name, name, Map.of("accuracy", accuracy, "latency", latency, "params", params), 0);
    }
}
