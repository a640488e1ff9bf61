package io.sparknas.population.strategy;

import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictorGuidedTest extends StrategyContract {

    /** Learns the toy score additively: the mean score of the evaluated cells with each op on each edge. */
    static final class AdditiveSurrogate implements Surrogate {
        private final double spread;
        int fits;

        AdditiveSurrogate() {
            this(0);
        }

        /** @param spread the uncertainty it claims about every prediction */
        AdditiveSurrogate(double spread) {
            this.spread = spread;
        }

        @Override
        public Fitted fit(List<Individual> evaluated, Objective objective, long seed) {
            fits++;
            double[][] sum = new double[6][5];
            int[][] count = new int[6][5];
            double total = 0;
            for (Individual i : evaluated) {
                double value = objective.utility(i.metrics());
                total += value;
                for (int edge = 0; edge < 6; edge++) {
                    sum[edge][i.genome().get(edge)] += value;
                    count[edge][i.genome().get(edge)]++;
                }
            }
            double mean = evaluated.isEmpty() ? 0 : total / evaluated.size();
            return new Fitted() {
                @Override
                public Predictions predict(List<Genome> genomes) {
                    double[] utilities = genomes.stream().mapToDouble(g -> {
                        double predicted = mean;
                        for (int edge = 0; edge < 6; edge++) {
                            int op = g.get(edge);
                            predicted += count[edge][op] == 0 ? 0 : sum[edge][op] / count[edge][op] - mean;
                        }
                        return predicted;
                    }).toArray();
                    double[] spreads = new double[utilities.length];
                    Arrays.fill(spreads, spread);
                    return new Predictions(utilities, spreads);
                }
            };
        }
    }

    /** Records the objective values of every fit, in order. */
    static final class RecordingSurrogate implements Surrogate {
        final List<double[]> fits = new java.util.ArrayList<>();
        private final AdditiveSurrogate inner = new AdditiveSurrogate();

        @Override
        public Fitted fit(List<Individual> evaluated, Objective objective, long seed) {
            fits.add(evaluated.stream().mapToDouble(i -> i.metrics().get(objective.metric())).toArray());
            return inner.fit(evaluated, objective, seed);
        }
    }

    private static PredictorGuided guided(Surrogate surrogate, double observedWeight) {
        return guided(surrogate, new PredictorGuided.Settings(10, 2, 10, 0.0, Acquisition.UCB, 5, observedWeight, 0));
    }

    private static PredictorGuided guided(Surrogate surrogate, PredictorGuided.Settings settings) {
        return new PredictorGuided(new RegularizedEvolution(SPACE, SCORE, 10, 3), SPACE, SCORE, surrogate, settings);
    }

    @Override
    protected SearchStrategy strategy() {
        return guided(new AdditiveSurrogate(), 1.0); // the contract's best is the best observed
    }

    @Test
    void theSurrogateFindsTheToyOptimumWithFarFewerEvaluationsThanEvolutionAlone() {
        int guidedSolved = 0;
        int evolutionSolved = 0;
        for (long seed = 0; seed < 10; seed++) {
            SearchState guidedState = strategy().start(seed);
            run(strategy(), guidedState, 60, 1);
            guidedSolved += guidedState.getBest().metrics().get("score") == 6.0 ? 1 : 0;
            SearchStrategy evolution = new RegularizedEvolution(SPACE, SCORE, 10, 3);
            SearchState evolutionState = evolution.start(seed);
            run(evolution, evolutionState, 60, 1);
            evolutionSolved += evolutionState.getBest().metrics().get("score") == 6.0 ? 1 : 0;
        }
        assertTrue(guidedSolved >= 6, "guided solved " + guidedSolved + "/10 in 60 evaluations");
        assertTrue(guidedSolved > evolutionSolved, "evolution alone solved " + evolutionSolved + "/10");
    }

    @Test
    void aFloorQuantileRaisesTheLowValuesOfTheFitThatRanksProposalsOnly() {
        RecordingSurrogate floored = new RecordingSurrogate();
        PredictorGuided withFloor = guided(floored, new PredictorGuided.Settings(10, 2, 10, 0.0, Acquisition.UCB, 5, 0.5, 0.5));
        run(withFloor, withFloor.start(3), 30, 1);
        RecordingSurrogate plain = new RecordingSurrogate();
        PredictorGuided withoutFloor = guided(plain, new PredictorGuided.Settings(10, 2, 10, 0.0, Acquisition.UCB, 5, 0.5, 0));
        run(withoutFloor, withoutFloor.start(3), 30, 1);
        int raised = 0;
        for (double[] values : floored.fits) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            if (sorted[0] == sorted[(values.length - 1) / 2]) { // the lower half all equals the median
                raised++;
            }
        }
        // refits at 10, 15, 20, 25 and 30 evaluations for the answer, and at 10 to 25 floored for the
        // proposals (no proposal is ranked after the 30th)
        assertEquals(9, floored.fits.size(), "fits with a floor");
        assertEquals(5, plain.fits.size(), "fits without: one serves both");
        assertEquals(4, raised, "floored fits");
        for (double[] values : plain.fits) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            assertTrue(sorted[0] < sorted[(values.length - 1) / 2], "the toy scores differ: " + Arrays.toString(values));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PredictorGuided.Settings(10, 2, 10, 0.0, Acquisition.UCB, 5, 0.5, 1.0));
        assertEquals("predictor-guided floor-quantile must be in [0, 1), got 1.0", e.getMessage());
    }

    @Test
    void asksNothingAlreadyEvaluatedAndRefitsOnlyEveryFewEvaluations() {
        AdditiveSurrogate surrogate = new AdditiveSurrogate();
        PredictorGuided strategy = guided(surrogate, 1.0);
        SearchState state = strategy.start(4);
        List<Genome> asked = run(strategy, state, 50, 1);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < asked.size(); i++) {
            boolean isNew = seen.add(SPACE.canonicalKey(asked.get(i)));
            if (i >= 10) { // after the warm-up the surrogate only lets unseen candidates through
                assertTrue(isNew, "asked again after warm-up: " + asked.get(i));
            }
        }
        assertEquals(seen.size(), state.getHistory().size(), "the history holds each evaluated class once");
        assertTrue(surrogate.fits <= 9, "refits every 5 evaluations from 10 to 50: " + surrogate.fits);
    }

    @Test
    void thompsonDrawsAreReproducibleAndPickOtherCandidatesThanFixedBonuses() {
        var thompson = new PredictorGuided.Settings(10, 2, 10, 1.0, Acquisition.THOMPSON, 5, 1.0, 0);
        var ucb = new PredictorGuided.Settings(10, 2, 10, 1.0, Acquisition.UCB, 5, 1.0, 0);
        List<Genome> first = runFromSeed(guided(new AdditiveSurrogate(0.5), thompson), 5);
        List<Genome> again = runFromSeed(guided(new AdditiveSurrogate(0.5), thompson), 5);
        List<Genome> fixed = runFromSeed(guided(new AdditiveSurrogate(0.5), ucb), 5);
        assertEquals(first, again, "the draws are a function of the run's seed and history");
        assertEquals(first.subList(0, 10), fixed.subList(0, 10), "the warm-up is the inner strategy's alone");
        assertNotEquals(first.subList(10, 40), fixed.subList(10, 40), "a uniform spread moves nothing under UCB but reorders under Thompson");
    }

    /** Four generations of ten from a fresh state. */
    private static List<Genome> runFromSeed(PredictorGuided strategy, long seed) {
        return run(strategy, strategy.start(seed), 4, 10);
    }

    @Test
    void aWarmupShorterThanRefitEveryFitsOnTheWarmupEvaluations() {
        RecordingSurrogate surrogate = new RecordingSurrogate();
        PredictorGuided guided = guided(surrogate, new PredictorGuided.Settings(10, 2, 4, 0.0, Acquisition.UCB, 5, 0.5, 0));
        SearchState state = guided.start(3);
        run(guided, state, 3, 2); // 2, 4 (the warm-up: a fit for the answer), then a guided ask at 4 and at 6
        assertEquals(6, state.getHistory().size());
        assertTrue(surrogate.fits.stream().allMatch(values -> values.length >= 4), "a fit on fewer rows than the warm-up");
        assertEquals(4, surrogate.fits.get(0).length);
    }

    @Test
    void theAnswerBlendsObservedAndPredictedValues() {
        SearchState state = guided(new AdditiveSurrogate(), 0.0).start(2);
        run(guided(new AdditiveSurrogate(), 0.0), state, 30, 1);
        assertTrue(state.getHistory().contains(state.getBest()), "the answer is an evaluated architecture");
        assertThrows(IllegalArgumentException.class, () -> guided(new AdditiveSurrogate(), 1.5));
        assertThrows(IllegalArgumentException.class,
                () -> new PredictorGuided.Settings(0, 0, 10, 0, Acquisition.UCB, 5, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new PredictorGuided.Settings(10, -1, 10, 0, Acquisition.UCB, 5, 0.5, 0));
    }
}
