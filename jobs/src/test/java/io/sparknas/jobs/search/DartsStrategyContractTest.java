package io.sparknas.jobs.search;

import io.sparknas.population.Genome;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import io.sparknas.population.strategy.StrategyContract;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strategy contract, and how DARTS' picks are asked, on a stub search (no DL4J). */
class DartsStrategyContractTest extends StrategyContract {
    private static final Genome ARGMAX = Genome.of(3, 0, 2, 0, 3, 0);
    private static final Genome PERTURBATION = Genome.of(4, 3, 1, 3, 3, 1);

    private static Supplier<DartsStrategy.Outcome> stub(Genome argmax, Genome perturbation, AtomicInteger calls) {
        return () -> {
            calls.incrementAndGet();
            double[][] alphas = new double[6][5];
            alphas[2][3] = 0.25;
            return new DartsStrategy.Outcome(argmax, perturbation, alphas, List.of(2.5, 2.25), 1.5, 20);
        };
    }

    @Override
    protected SearchStrategy strategy() {
        return new DartsStrategy(SPACE, SCORE, stub(ARGMAX, PERTURBATION, new AtomicInteger()));
    }

    @Test
    void asksTheTwoPicksFirstThenUniformSamples() {
        SearchState state = strategy().start(5);
        List<Genome> first = strategy().ask(state, 4);
        assertEquals(List.of(ARGMAX, PERTURBATION), first.subList(0, 2));
        assertEquals(2, state.counter(DartsStrategy.PICKS_ASKED));
        assertTrue(strategy().ask(state, 3).stream().noneMatch(g -> g.equals(ARGMAX) || g.equals(PERTURBATION)));
    }

    @Test
    void spreadsThePicksOverAsksOfOneAndSearchesOnceAcrossCommits() {
        AtomicInteger calls = new AtomicInteger();
        DartsStrategy darts = new DartsStrategy(SPACE, SCORE, stub(ARGMAX, PERTURBATION, calls));
        SearchState state = darts.start(5);
        assertNull(state.note(DartsStrategy.ARGMAX));
        assertEquals(List.of(ARGMAX), darts.ask(state, 1));
        darts.tell(state, List.of(evaluate(ARGMAX, 0)));
        state = SearchState.fromJson(state.toJson()); // committed, resumed
        assertEquals(List.of(PERTURBATION), darts.ask(state, 1));
        darts.tell(state, List.of(evaluate(PERTURBATION, 1)));
        assertEquals(1, calls.get(), "the outcome is kept in the state, not searched again");
        assertEquals(SPACE.format(ARGMAX), state.note(DartsStrategy.ARGMAX));
        assertEquals(SPACE.format(PERTURBATION), state.note(DartsStrategy.PERTURBATION));
        assertEquals(2, state.getPopulation().size(), "the population is the told picks");
        Map<String, Object> summary = DartsStrategy.summary(state);
        assertEquals(SPACE.format(ARGMAX), summary.get("argmax"));
        assertEquals(0.25, ((List<?>) ((List<?>) summary.get("alphas")).get(2)).get(3));
        assertEquals(List.of(2.5, 2.25), summary.get("loss_per_epoch"));
    }

    @Test
    void equivalentPicksAreAskedOnce() {
        DartsStrategy darts = new DartsStrategy(SPACE, SCORE, stub(ARGMAX, ARGMAX, new AtomicInteger()));
        SearchState state = darts.start(5);
        List<Genome> asked = darts.ask(state, 2);
        assertEquals(ARGMAX, asked.get(0));
        assertTrue(!asked.get(1).equals(ARGMAX) && asked.size() == 2, asked.toString());
        assertEquals(1, state.counter(DartsStrategy.PICKS_ASKED));
    }
}
