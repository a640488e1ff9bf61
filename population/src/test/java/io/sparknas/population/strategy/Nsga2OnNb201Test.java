package io.sparknas.population.strategy;

import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import io.sparknas.population.pareto.Hypervolume;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.population.testing.SharedBenchmarks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NSGA-II on real NAS-Bench-201 ground truth: CIFAR-10 test accuracy against parameter count. */
class Nsga2OnNb201Test {
    private static final SearchSpace SPACE = new Nb201Space();
    private static final List<Objective> OBJECTIVES = List.of(Objective.maximize("accuracy"), Objective.minimize("params"));
    /** Accuracy 90 % (about the median cell) and more params (millions) than any cell has. */
    private static final Map<String, Double> REFERENCE = Map.of("accuracy", 90.0, "params", 1.6);
    private static final Map<String, Map<String, Double>> METRICS = new HashMap<>();

    @BeforeAll
    static void loadTheTables() throws IOException {
        Map<String, Double> accuracy = new HashMap<>();
        try (var lines = Files.lines(SharedBenchmarks.file(SharedBenchmarks.TEST200))) {
            lines.skip(1).map(line -> line.split(",")).forEach(f -> accuracy.put(f[1], Double.parseDouble(f[2])));
        }
        try (var lines = Files.lines(SharedBenchmarks.file("nb201-arch-costs/nb201_arch_costs_cifar.csv"))) {
            lines.skip(1).map(line -> line.split(",")).forEach(f -> METRICS.put(f[1],
                    Map.of("accuracy", accuracy.get(f[1]), "params", Double.parseDouble(f[8])))); // cifar10_params_m
        }
        assertEquals(15_625, METRICS.size());
    }

    private static Individual evaluate(Genome genome, int generation) {
        String arch = SPACE.format(genome);
        return new Individual(genome, arch, SPACE.canonicalKey(genome), METRICS.get(arch), generation);
    }

    /** Every individual told while spending {@code budget} evaluations (StrategyContract's loop). */
    private static List<Individual> run(SearchStrategy strategy, SearchState state, int budget, int batch) {
        return StrategyContract.runBudget(strategy, state, budget, batch, (genome, generation) -> evaluate(genome, generation));
    }

    @Test
    void beatsRandomSearchOnAccuracyVersusParams() {
        List<Individual> everyCell = new ArrayList<>();
        METRICS.keySet().forEach(arch -> everyCell.add(evaluate(SPACE.parse(arch), 0)));
        double truth = Hypervolume.of(everyCell, OBJECTIVES, REFERENCE);
        int budget = 400;
        int seeds = 10;
        double nsgaSum = 0;
        double randomSum = 0;
        int wins = 0;
        for (long seed = 0; seed < seeds; seed++) {
            Nsga2 nsga = new Nsga2(SPACE, OBJECTIVES, List.of(), 20);
            SearchState state = nsga.start(seed);
            run(nsga, state, budget, 20);
            double nsgaRatio = Hypervolume.of(state.getPopulation(), OBJECTIVES, REFERENCE) / truth;
            RandomSearch random = new RandomSearch(SPACE, OBJECTIVES.get(0));
            double randomRatio = Hypervolume.of(run(random, random.start(seed), budget, 20), OBJECTIVES, REFERENCE) / truth;
            nsgaSum += nsgaRatio;
            randomSum += randomRatio;
            wins += nsgaRatio > randomRatio ? 1 : 0;
        }
        String summary = String.format("NB201 CIFAR-10 accuracy vs params, %d evaluations, %d seeds: hypervolume ratio"
                + " nsga2 %.4f, random %.4f, nsga2 ahead on %d", budget, seeds, nsgaSum / seeds, randomSum / seeds, wins);
        System.out.println(summary);
        assertTrue(nsgaSum / seeds >= 0.95, summary);
        assertTrue(wins >= 9, summary);
    }
}
