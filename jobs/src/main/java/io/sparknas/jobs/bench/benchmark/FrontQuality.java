package io.sparknas.jobs.bench.benchmark;

import io.sparknas.evaluation.tabular.TabularData;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.engine.CostMetrics;
import io.sparknas.jobs.search.SearchGoals;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.pareto.Constraint;
import io.sparknas.population.pareto.Hypervolume;
import io.sparknas.population.pareto.ParetoRanking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How good a run's Pareto front is, against the true front of the whole table. A run picks its
 * front by what it saw (one seed's noisy objective); the front is then scored as reported (the
 * report column in place of the objective column, as the NB201 protocol does for single
 * objectives). Both hypervolumes use one reference point: the worst reported value of each
 * objective over every architecture of the table.
 */
final class FrontQuality {
    private final TabularData data;
    private final List<Objective> objectives;
    private final List<Constraint> constraints;
    private final double[] reference;
    private final double trueHypervolume;

    FrontQuality(TabularData data, SearchSpace space, SearchGoals goals, CostMetrics costs) {
        this.data = data;
        this.objectives = goals.objectives();
        this.constraints = goals.constraints();
        List<Individual> table = new ArrayList<>(data.size());
        data.entries().forEach((arch, entry) -> {
            Map<String, Double> metrics = new HashMap<>(costs.of(space.decode(space.parse(arch))));
            for (int i = 0; i < entry.extras().length; i++) {
                metrics.put(data.extraColumns().get(i), entry.extras()[i]);
            }
            metrics.put(data.objectiveColumn(), entry.report());
            metrics.put(data.reportColumn(), entry.report());
            table.add(new Individual(space.parse(arch), arch, arch, metrics, 0));
        });
        this.reference = new double[objectives.size()];
        for (int m = 0; m < reference.length; m++) {
            Objective objective = objectives.get(m);
            reference[m] = table.stream().mapToDouble(i -> objective.utility(i.metrics())).min().orElseThrow();
        }
        this.trueHypervolume = hypervolume(frontOf(table));
        if (!(trueHypervolume > 0)) {
            throw new BadInputException("benchmark.objectives " + objectives + ": the true front of the table is empty"
                    + (constraints.isEmpty() ? "" : " under constraints " + constraints));
        }
    }

    double trueHypervolume() {
        return trueHypervolume;
    }

    /** Hypervolume of the run's front (chosen on observed values, scored as reported) over the true front's. */
    double ratio(List<Individual> evaluated) {
        List<Individual> reported = frontOf(evaluated).stream().map(this::asReported).toList();
        return hypervolume(reported) / trueHypervolume;
    }

    private List<Individual> frontOf(List<Individual> individuals) {
        List<Individual> feasible = individuals.stream()
                .filter(i -> constraints.stream().allMatch(c -> c.isSatisfiedBy(i.metrics()))).toList();
        return ParetoRanking.rank(feasible, objectives, List.of()).stream()
                .filter(ParetoRanking.Ranked::isPareto).map(ParetoRanking.Ranked::individual).toList();
    }

    private Individual asReported(Individual observed) {
        Map<String, Double> metrics = new HashMap<>(observed.metrics());
        metrics.put(data.objectiveColumn(), data.get(observed.arch()).report());
        return new Individual(observed.genome(), observed.arch(), observed.canonicalKey(), metrics, observed.generation());
    }

    private double hypervolume(List<Individual> front) {
        List<double[]> points = front.stream().map(i -> {
            double[] point = new double[objectives.size()];
            for (int m = 0; m < point.length; m++) {
                point[m] = objectives.get(m).utility(i.metrics());
            }
            return point;
        }).toList();
        return Hypervolume.of(points, reference);
    }
}
