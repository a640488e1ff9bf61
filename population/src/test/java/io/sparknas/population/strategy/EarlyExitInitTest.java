package io.sparknas.population.strategy;

import io.sparknas.population.Genome;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EarlyExitInitTest extends StrategyContract {
    /** Toy params <= 9 admits about a third of random cells: no 3x3 conv, or one and no 1x1. */
    private static final double MAX_PARAMS = 9;

    @Override
    protected SearchStrategy strategy() {
        return new EarlyExitInit(new RegularizedEvolution(SPACE, SCORE, 10, 3), SPACE, StrategyContract::toyParams, MAX_PARAMS, 10);
    }

    /** Counts the genomes it judged over the threshold: every one of them must show up as a rejection. */
    private static final class CountingParams implements ToDoubleFunction<Genome> {
        final AtomicLong overThreshold = new AtomicLong();
        final AtomicLong calls = new AtomicLong();

        @Override
        public double applyAsDouble(Genome genome) {
            calls.incrementAndGet();
            double params = toyParams(genome);
            if (params > MAX_PARAMS) {
                overThreshold.incrementAndGet();
            }
            return params;
        }
    }

    @Test
    void neverHandsOutAnOverThresholdGenomeWhileFillingAndCountsEveryRejection() {
        for (long seed = 0; seed < 10; seed++) {
            CountingParams params = new CountingParams();
            EarlyExitInit eepi = new EarlyExitInit(new RandomSearch(SPACE, SCORE), SPACE, params, MAX_PARAMS, 25);
            SearchState state = eepi.start(seed);
            List<Genome> initial = run(eepi, state, 5, 5); // exactly the 25 of the initial population
            assertTrue(initial.stream().allMatch(g -> toyParams(g) <= MAX_PARAMS), "seed " + seed);
            assertEquals(params.overThreshold.get(), EarlyExitInit.rejected(state));
            assertTrue(EarlyExitInit.rejected(state) > 0, "about two thirds of random cells are over the threshold");
            assertEquals(25, state.counter(EarlyExitInit.ADMITTED));
        }
    }

    @Test
    void afterTheInitialPopulationGenomesPassThroughUntouched() {
        CountingParams params = new CountingParams();
        EarlyExitInit eepi = new EarlyExitInit(new RandomSearch(SPACE, SCORE), SPACE, params, MAX_PARAMS, 10);
        SearchState state = eepi.start(3);
        List<Genome> first = run(eepi, state, 1, 7);
        List<Genome> straddling = run(eepi, state, 1, 7); // 3 more of the initial population, then 4 unfiltered
        long rejectedWhileFilling = EarlyExitInit.rejected(state);
        assertTrue(first.stream().allMatch(g -> toyParams(g) <= MAX_PARAMS));
        assertTrue(straddling.subList(0, 3).stream().allMatch(g -> toyParams(g) <= MAX_PARAMS));
        long callsWhileFilling = params.calls.get();

        List<Genome> later = run(eepi, state, 20, 5);
        assertEquals(rejectedWhileFilling, EarlyExitInit.rejected(state), "no rejections after the initial population");
        assertEquals(callsWhileFilling, params.calls.get(), "params are not even computed after it");
        assertTrue(later.stream().anyMatch(g -> toyParams(g) > MAX_PARAMS), "the wrapped strategy is free again");
    }

    @Test
    void wrapsNsga2AndKeepsItsInitialPopulationSmall() {
        Nsga2 nsga = new Nsga2(SPACE, List.of(SCORE, EDGES), List.of(), 12);
        EarlyExitInit eepi = new EarlyExitInit(nsga, SPACE, StrategyContract::toyParams, MAX_PARAMS, 12);
        assertEquals("ee-pi(nsga2)", eepi.name());
        SearchState state = eepi.start(5);
        assertEquals("ee-pi(nsga2)", state.getStrategy());
        List<Genome> initial = run(eepi, state, 1, 12);
        assertTrue(initial.stream().allMatch(g -> toyParams(g) <= MAX_PARAMS));
        assertEquals(12, state.getPopulation().size());
        assertTrue(state.getPopulation().stream().allMatch(i -> i.metrics().get(PARAMS) <= MAX_PARAMS));
    }

    @Test
    void givesUpWhenTheThresholdIsOutOfReach() {
        CountingParams params = new CountingParams();
        EarlyExitInit eepi = new EarlyExitInit(new RandomSearch(SPACE, SCORE), SPACE, params, -1, 10, 50);
        SearchState state = eepi.start(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> eepi.ask(state, 3));
        assertTrue(e.getMessage().contains("50 resamples") && e.getMessage().contains("-1.0"), e.getMessage());
        assertEquals(51, params.calls.get(), "the wrapped strategy's genome and 50 resamples");
        assertEquals(51, EarlyExitInit.rejected(state));
    }

    @Test
    void rejectsImpossibleSettingsNamingThem() {
        SearchStrategy random = new RandomSearch(SPACE, SCORE);
        IllegalArgumentException population = assertThrows(IllegalArgumentException.class,
                () -> new EarlyExitInit(random, SPACE, StrategyContract::toyParams, 9, 0));
        assertTrue(population.getMessage().contains("population") && population.getMessage().contains("0"));
        IllegalArgumentException resamples = assertThrows(IllegalArgumentException.class,
                () -> new EarlyExitInit(random, SPACE, StrategyContract::toyParams, 9, 10, 0));
        assertTrue(resamples.getMessage().contains("resamples"));
        assertThrows(IllegalArgumentException.class,
                () -> new EarlyExitInit(random, SPACE, StrategyContract::toyParams, Double.NaN, 10));
    }
}
