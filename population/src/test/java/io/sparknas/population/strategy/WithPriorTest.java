package io.sparknas.population.strategy;

import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import io.sparknas.population.prior.SourceTask;
import io.sparknas.population.prior.TransferPrior;
import io.sparknas.population.prior.WithPrior;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link WithPrior} over regularized evolution, with priors built from toy source tasks: one that ranks
 * like the target ({@code score}), one that ranks backwards, one unrelated.
 */
class WithPriorTest extends StrategyContract {
    private static final WithPrior.Settings SETTINGS = new WithPrior.Settings(5, 5);

    /** {@code count} distinct random cells with the toy metrics, as a source task would hold them. */
    private static List<Individual> sampled(int count, long seed) {
        Random random = new Random(seed);
        Map<String, Individual> cells = new java.util.LinkedHashMap<>();
        while (cells.size() < count) {
            Individual individual = evaluate(SPACE.sample(random), 0);
            cells.putIfAbsent(individual.canonicalKey(), individual);
        }
        return List.copyOf(cells.values());
    }

    private static TransferPrior prior(Objective sourceObjective) {
        return TransferPrior.fromTasks(SPACE, List.of(new SourceTask("toy " + sourceObjective, sourceObjective,
                sampled(120, 5))), new PredictorGuidedTest.AdditiveSurrogate(), 1, 5);
    }

    private static SearchStrategy evolution() {
        return new RegularizedEvolution(SPACE, SCORE, 10, 3);
    }

    private static WithPrior withPrior(Objective sourceObjective, WithPrior.Settings settings) {
        return new WithPrior(evolution(), SPACE, SCORE, prior(sourceObjective), settings);
    }

    @Override
    protected SearchStrategy strategy() {
        return withPrior(SCORE, SETTINGS);
    }

    @Test
    void theWarmStartAsksTheSourcesBestFirst() {
        List<Individual> source = sampled(120, 5);
        List<Double> best = source.stream().map(i -> i.metrics().get("score")).sorted(Comparator.reverseOrder())
                .limit(5).toList();
        WithPrior strategy = withPrior(SCORE, SETTINGS);
        List<Genome> asked = strategy.ask(strategy.start(1), 5);
        assertEquals(best, asked.stream().map(g -> evaluate(g, 0).metrics().get("score")).sorted(Comparator.reverseOrder())
                .toList());
        Set<String> sourceKeys = new java.util.HashSet<>(source.stream().map(Individual::canonicalKey).toList());
        asked.forEach(g -> assertTrue(sourceKeys.contains(SPACE.canonicalKey(g)), "a warm start is a source's own cell"));
    }

    @Test
    void aSourceThatRanksLikeTheTargetWeighsOneAndOneThatRanksBackwardsWeighsNothing() {
        List<Individual> own = sampled(120, 5).subList(0, 30); // cells the source measured: its observed values count
        assertEquals(1.0, prior(SCORE).weights(own, SCORE)[0], 1e-12);
        // elsewhere its model's predictions count: the additive model ranks the toy score well, not perfectly
        double predicted = prior(SCORE).weights(sampled(30, 77), SCORE)[0];
        assertTrue(predicted > 0.5 && predicted < 1, "tau of the source model on unseen cells: " + predicted);
        assertEquals(0.0, prior(Objective.minimize("score")).weights(own, SCORE)[0], 1e-12);
        // before min-observations values of its own, every source is trusted
        assertEquals(1.0, prior(Objective.minimize("score")).weights(own.subList(0, 4), SCORE)[0], 1e-12);
    }

    /**
     * A source that tells good cells from bad but orders the good ones backwards (as training time does
     * on NB201) ranks all of the run's values positively, and weighs nothing: agreement counts among the
     * run's best half, where the search decides.
     */
    @Test
    void aSourceThatMisordersTheRunsBestHalfWeighsNothingThoughItRanksAllValuesPositively() {
        List<Individual> own = new ArrayList<>(sampled(30, 9));
        own.sort(Comparator.comparingDouble((Individual i) -> i.metrics().get("score")).thenComparing(Individual::canonicalKey));
        List<Individual> twisted = new ArrayList<>();
        double[] twist = new double[own.size()];
        double[] score = new double[own.size()];
        for (int rank = 0; rank < own.size(); rank++) {
            // the worse half in order, the better half reversed (and still above the worse half)
            twist[rank] = rank < 15 ? rank : 15 + (own.size() - 1 - rank);
            score[rank] = own.get(rank).metrics().get("score");
            Individual cell = own.get(rank);
            twisted.add(new Individual(cell.genome(), cell.arch(), cell.canonicalKey(), Map.of("twist", twist[rank]), 0));
        }
        double overall = new org.apache.commons.math3.stat.correlation.KendallsCorrelation().correlation(twist, score);
        assertTrue(overall > 0.3, "over all of the run's values the source ranks positively: " + overall);
        TransferPrior prior = TransferPrior.fromTasks(SPACE, List.of(new SourceTask("twist", Objective.maximize("twist"),
                twisted)), new PredictorGuidedTest.AdditiveSurrogate(), 1, 5);
        assertEquals(0.0, prior.weights(own, SCORE)[0], 1e-12);
    }

    @Test
    void aHelpfulSourceReachesTheOptimumInFewerEvaluationsThanTheColdStrategy() {
        int warm = 0;
        int cold = 0;
        for (long seed = 0; seed < 10; seed++) {
            warm += queriesToOptimum(withPrior(SCORE, SETTINGS), seed);
            cold += queriesToOptimum(evolution(), seed);
        }
        assertTrue(warm * 2 < cold, "queries to the optimum over 10 seeds: with the prior " + warm + ", cold " + cold);
    }

    @Test
    void aSourceThatRanksBackwardsIsDroppedOnceMeasuredAndTheRunIsTheColdStrategyAgain() {
        WithPrior backwards = withPrior(Objective.minimize("score"), new WithPrior.Settings(0, 5));
        SearchState state = backwards.start(3);
        run(backwards, state, 12, 1);
        assertArrayEquals(new double[]{0}, prior(Objective.minimize("score")).weights(state.getHistory(), SCORE));
        // from here on the prior picks nothing: the same asks as evolution alone from the same state
        SearchState copy = SearchState.fromJson(state.toJson());
        assertEquals(run(evolution(), copy, 20, 2), run(backwards, state, 20, 2));
    }

    private static int queriesToOptimum(SearchStrategy strategy, long seed) {
        SearchState state = strategy.start(seed);
        List<Individual> told = new ArrayList<>();
        while (told.size() < 200) {
            int generation = state.getGeneration();
            List<Individual> evaluated = strategy.ask(state, 1).stream().map(g -> evaluate(g, generation)).toList();
            strategy.tell(state, evaluated);
            told.addAll(evaluated);
            if (evaluated.get(0).metrics().get("score") == 6.0) {
                return told.size();
            }
        }
        return 201;
    }
}
