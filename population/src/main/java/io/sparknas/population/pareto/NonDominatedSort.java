package io.sparknas.population.pareto;

import io.sparknas.population.Individual;
import io.sparknas.population.Objective;

import java.util.ArrayList;
import java.util.List;

/**
 * Fast non-dominated sorting (Deb et al. 2002, NSGA-II) with Deb's constraint-domination: a feasible
 * point beats an infeasible one, of two infeasible points the smaller total violation wins, and two
 * feasible points compare by Pareto dominance. Points are utilities (larger is better on every
 * objective), so maximised and minimised objectives need no special cases.
 */
public final class NonDominatedSort {

    private NonDominatedSort() {
    }

    /** Pareto dominance on utilities: no worse on every objective and better on at least one. */
    public static boolean dominates(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("points have " + a.length + " and " + b.length + " objectives");
        }
        boolean better = false;
        for (int m = 0; m < a.length; m++) {
            if (a[m] < b[m]) {
                return false;
            }
            better |= a[m] > b[m];
        }
        return better;
    }

    /** Dominance with constraints; a violation of 0 means feasible. */
    public static boolean constrainedDominates(double[] a, double violationA, double[] b, double violationB) {
        boolean feasibleA = violationA == 0.0;
        boolean feasibleB = violationB == 0.0;
        if (feasibleA != feasibleB) {
            return feasibleA;
        }
        if (!feasibleA) {
            return violationA < violationB;
        }
        return dominates(a, b);
    }

    /** Fronts of indices into {@code points}, unconstrained; front 0 is the non-dominated set. */
    public static List<int[]> fronts(double[][] points) {
        return fronts(points, new double[points.length]);
    }

    /**
     * Fronts of indices into {@code points} under constraint-domination; front 0 is the non-dominated
     * set, every index appears in exactly one front, and indices within a front are ascending.
     */
    public static List<int[]> fronts(double[][] points, double[] violations) {
        int n = points.length;
        if (violations.length != n) {
            throw new IllegalArgumentException(n + " points but " + violations.length + " violations");
        }
        List<List<Integer>> dominatedBy = new ArrayList<>(n); // dominatedBy.get(p): the points p dominates
        int[] dominators = new int[n];                          // how many points dominate each point
        for (int p = 0; p < n; p++) {
            dominatedBy.add(new ArrayList<>());
        }
        for (int p = 0; p < n; p++) {
            for (int q = p + 1; q < n; q++) {
                if (constrainedDominates(points[p], violations[p], points[q], violations[q])) {
                    dominatedBy.get(p).add(q);
                    dominators[q]++;
                } else if (constrainedDominates(points[q], violations[q], points[p], violations[p])) {
                    dominatedBy.get(q).add(p);
                    dominators[p]++;
                }
            }
        }
        List<int[]> fronts = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            if (dominators[p] == 0) {
                current.add(p);
            }
        }
        while (!current.isEmpty()) {
            fronts.add(current.stream().mapToInt(Integer::intValue).sorted().toArray());
            List<Integer> next = new ArrayList<>();
            for (int p : current) {
                for (int q : dominatedBy.get(p)) {
                    if (--dominators[q] == 0) {
                        next.add(q);
                    }
                }
            }
            current = next;
        }
        return fronts;
    }

    /** The individuals sorted into fronts (front 0 non-dominated), each front in input order. */
    public static List<List<Individual>> fronts(List<Individual> individuals, List<Objective> objectives,
                                                List<Constraint> constraints) {
        List<int[]> fronts = fronts(Utilities.of(individuals, objectives), Utilities.violations(individuals, constraints));
        List<List<Individual>> result = new ArrayList<>(fronts.size());
        for (int[] front : fronts) {
            List<Individual> members = new ArrayList<>(front.length);
            for (int i : front) {
                members.add(individuals.get(i));
            }
            result.add(members);
        }
        return result;
    }
}
