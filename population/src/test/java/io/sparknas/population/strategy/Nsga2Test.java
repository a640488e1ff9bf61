package io.sparknas.population.strategy;

import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import io.sparknas.population.pareto.Constraint;
import io.sparknas.population.pareto.Hypervolume;
import io.sparknas.population.pareto.ParetoRanking.Ranked;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Nsga2Test extends StrategyContract {
    /** Maximise 3x3 convs, minimise live edges: the true front is k convs on k edges, k = 0..6. */
    private static final List<Objective> TOY = List.of(SCORE, EDGES);
    /** In metric units: one below the worst score, one above the most edges, so the whole front counts. */
    private static final Map<String, Double> REFERENCE = Map.of("score", -1.0, "edges", 7.0);

    @Override
    protected SearchStrategy strategy() {
        return new Nsga2(SPACE, TOY, List.of(), 12);
    }

    private static double trueFrontHypervolume() {
        List<Individual> everyCell = new ArrayList<>();
        int[] genes = new int[6];
        for (int index = 0; index < 15_625; index++) {
            int rest = index;
            for (int edge = 0; edge < 6; edge++) {
                genes[edge] = rest % 5;
                rest /= 5;
            }
            everyCell.add(evaluate(Genome.of(genes), 0));
        }
        return Hypervolume.of(everyCell, TOY, REFERENCE); // dominated cells add nothing
    }

    /** Every individual told while spending {@code budget} evaluations (StrategyContract's loop). */
    private static List<Individual> runBudget(SearchStrategy strategy, SearchState state, int budget, int batch) {
        return StrategyContract.runBudget(strategy, state, budget, batch, (genome, generation) -> evaluate(genome, generation));
    }

    @Test
    void theToyFrontIsWhatTheReferenceMakesItByHand() {
        // strips of width k+1 and height 1 for k = 0..6
        assertEquals(28.0, trueFrontHypervolume());
    }

    @Test
    void nearlyCoversTheTrueToyFrontAndClearlyBeatsRandomSearch() {
        double truth = trueFrontHypervolume();
        int budget = 400;
        int seeds = 10;
        double nsgaSum = 0;
        double randomSum = 0;
        int nsgaWins = 0;
        int nsgaSolved = 0;
        StringBuilder log = new StringBuilder();
        for (long seed = 0; seed < seeds; seed++) {
            Nsga2 nsga = new Nsga2(SPACE, TOY, List.of(), 20);
            SearchState state = nsga.start(seed);
            runBudget(nsga, state, budget, 20);
            double nsgaRatio = Hypervolume.of(state.getPopulation(), TOY, REFERENCE) / truth;

            RandomSearch random = new RandomSearch(SPACE, SCORE);
            double randomRatio = Hypervolume.of(runBudget(random, random.start(seed), budget, 20), TOY, REFERENCE) / truth;

            nsgaSum += nsgaRatio;
            randomSum += randomRatio;
            nsgaWins += nsgaRatio > randomRatio ? 1 : 0;
            nsgaSolved += nsgaRatio >= 0.95 ? 1 : 0;
            log.append(String.format(" seed %d: nsga2 %.3f random %.3f;", seed, nsgaRatio, randomRatio));
        }
        System.out.printf("toy hypervolume ratio, %d evaluations: nsga2 mean %.3f, random mean %.3f,%s%n",
                budget, nsgaSum / seeds, randomSum / seeds, log);
        assertTrue(nsgaSum / seeds >= 0.95, "nsga2 mean ratio " + nsgaSum / seeds + log);
        assertTrue(nsgaSolved >= 8, "nsga2 reached 0.95 on " + nsgaSolved + "/" + seeds + log);
        assertEquals(seeds, nsgaWins, "nsga2 beat random on " + nsgaWins + "/" + seeds + log);
        assertTrue(nsgaSum / seeds - randomSum / seeds >= 0.15, "margin over random" + log);
    }

    @Test
    void survivalIsElitistOnTheToyProblem() {
        // the toy front has 7 objective vectors, fewer than the population, so no front point can be crowded out
        Nsga2 nsga = new Nsga2(SPACE, TOY, List.of(), 10);
        SearchState state = nsga.start(21);
        double previous = 0;
        for (int g = 0; g < 40; g++) {
            runBudget(nsga, state, 7, 7);
            double now = Hypervolume.of(state.getPopulation(), TOY, REFERENCE);
            assertTrue(now >= previous, "hypervolume fell from " + previous + " to " + now + " in generation " + g);
            previous = now;
        }
    }

    @Test
    void keepsThePopulationSizeBestFirstWithoutCopies() {
        Nsga2 nsga = new Nsga2(SPACE, TOY, List.of(), 6);
        SearchState state = nsga.start(2);
        List<Genome> asked = nsga.ask(state, 15);
        List<Individual> evaluated = new ArrayList<>(asked.stream().map(g -> evaluate(g, 0)).toList());
        evaluated.addAll(evaluated.subList(0, 5)); // the loop may tell a cached cell twice
        nsga.tell(state, evaluated);
        List<Individual> population = state.getPopulation();
        assertEquals(6, population.size());
        Set<Genome> distinct = new HashSet<>();
        population.forEach(i -> assertTrue(distinct.add(i.genome()), "copy of " + i.arch()));
        List<Ranked> ranking = nsga.ranking(state);
        for (int i = 1; i < ranking.size(); i++) {
            assertTrue(ranking.get(i - 1).rank() <= ranking.get(i).rank(), "population is stored best first");
        }
        nsga.tell(state, List.of(evaluate(population.get(0).genome(), 1)));
        assertEquals(population, state.getPopulation(), "a copy of a member changes nothing");
    }

    @Test
    void asksAnyNumberBeforeAndAfterThePopulationFills() {
        Nsga2 nsga = new Nsga2(SPACE, TOY, List.of(), 12);
        SearchState state = nsga.start(8);
        runBudget(nsga, state, 5, 5);
        assertEquals(5, state.getPopulation().size());
        List<Genome> mixed = nsga.ask(state, 40); // 7 random to fill, then children
        assertEquals(40, mixed.size());
        runBudget(nsga, state, 12, 12);
        assertEquals(12, state.getPopulation().size());
        assertEquals(1, nsga.ask(state, 1).size());
    }

    @Test
    void feasibleIndividualsComeFirstAndTheBestIsFeasible() {
        // toy params <= 9: at most one 3x3 conv (and then no 1x1), so the best feasible score is 1
        Constraint budget = Constraint.atMost(PARAMS, 9);
        Nsga2 nsga = new Nsga2(SPACE, TOY, List.of(budget), 16);
        SearchState state = nsga.start(4);
        runBudget(nsga, state, 400, 16);
        assertEquals(1.0, state.getBest().metrics().get("score"));
        assertTrue(budget.isSatisfiedBy(state.getBest().metrics()));
        boolean seenInfeasible = false;
        for (Individual individual : state.getPopulation()) {
            boolean feasible = budget.isSatisfiedBy(individual.metrics());
            assertTrue(!(feasible && seenInfeasible), "a feasible individual after an infeasible one");
            seenInfeasible |= !feasible;
        }
        assertTrue(state.getPopulation().stream().allMatch(i -> budget.isSatisfiedBy(i.metrics())),
                "400 evaluations fill a population of 16 with feasible cells");
    }

    @Test
    void noBestWhileNothingIsFeasible() {
        Nsga2 nsga = new Nsga2(SPACE, TOY, List.of(Constraint.atMost(PARAMS, -1)), 8);
        SearchState state = nsga.start(1);
        runBudget(nsga, state, 40, 8);
        assertNull(state.getBest());
        assertEquals(8, state.getPopulation().size(), "infeasible individuals still rank, by violation");
        List<Double> params = state.getPopulation().stream().map(i -> i.metrics().get(PARAMS)).toList();
        for (int i = 1; i < params.size(); i++) {
            assertTrue(params.get(i - 1) <= params.get(i), "the least violating first: " + params);
        }
    }

    @Test
    void rejectsImpossibleSettingsNamingThem() {
        IllegalArgumentException population = assertThrows(IllegalArgumentException.class,
                () -> new Nsga2(SPACE, TOY, List.of(), 1));
        assertTrue(population.getMessage().contains("population") && population.getMessage().contains("1"));
        IllegalArgumentException crossover = assertThrows(IllegalArgumentException.class,
                () -> new Nsga2(SPACE, TOY, List.of(), 10, 1.5));
        assertTrue(crossover.getMessage().contains("crossover") && crossover.getMessage().contains("1.5"));
        assertThrows(IllegalArgumentException.class, () -> new Nsga2(SPACE, List.of(), List.of(), 10));
    }
}
