package io.sparknas.population.pareto;

import io.sparknas.population.Individual;
import io.sparknas.population.Objective;

import java.util.List;

/** Individuals as points in objective space, every coordinate oriented so that larger is better. */
public final class Utilities {

    private Utilities() {
    }

    public static double[] of(Individual individual, List<Objective> objectives) {
        double[] point = new double[objectives.size()];
        for (int m = 0; m < point.length; m++) {
            point[m] = objectives.get(m).utility(individual.metrics());
        }
        return point;
    }

    public static double[][] of(List<Individual> individuals, List<Objective> objectives) {
        double[][] points = new double[individuals.size()][];
        for (int i = 0; i < points.length; i++) {
            points[i] = of(individuals.get(i), objectives);
        }
        return points;
    }

    public static double[] violations(List<Individual> individuals, List<Constraint> constraints) {
        double[] violations = new double[individuals.size()];
        for (int i = 0; i < violations.length; i++) {
            violations[i] = Constraint.totalViolation(constraints, individuals.get(i).metrics());
        }
        return violations;
    }
}
