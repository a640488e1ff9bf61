package io.sparknas.jobs.engine;

import io.sparknas.evaluation.Evaluator;
import io.sparknas.evaluation.SuccessiveHalving;
import io.sparknas.evaluation.tabular.TabularData;
import io.sparknas.evaluation.tabular.TabularEvaluator;
import io.sparknas.population.Genome;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchState;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.population.strategy.RegularizedEvolution;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The search loop with its in-memory seams: plain Java, no Spark. The table is every NB201 cell with a
 * made-up accuracy (a function of the cell's text), so the checks do not depend on the real benchmark.
 */
class SearchEngineTest {
    private static final Nb201Space SPACE = new Nb201Space();
    private static final Objective ACC = Objective.maximize("acc");
    private static final TabularData DATA = table(0);
    private static final TabularData LONGER = table(5);
    private static final CostMetrics NO_COSTS = CostMetrics.forMetrics(List.of(), 10);

    /** Every cell of the space, accuracy made up from its text; {@code offset} tells two fidelities apart. */
    private static TabularData table(double offset) {
        TabularData.Builder builder = TabularData.builder("acc", "test_acc", List.of());
        for (int i = 0; i < 15625; i++) {
            int[] genes = new int[6];
            for (int e = 0, v = i; e < 6; e++, v /= 5) {
                genes[e] = v % 5;
            }
            String arch = SPACE.decode(Genome.of(genes)).format();
            double acc = 50 + Math.floorMod(arch.hashCode(), 4000) / 100.0 + offset;
            builder.add(arch, TabularData.NO_SEED, acc, acc - 1);
        }
        return builder.build();
    }

    private record Run(SearchState state, InMemoryTrials trials, List<Long> cacheHits) {
    }

    private static Run run(SuccessiveHalving halving, SearchSettings settings, InMemoryTrials trials, SearchState start,
                           GenerationListener extra) {
        List<Long> cacheHits = new ArrayList<>();
        GenerationListener listener = new GenerationListener() {
            @Override public void evaluated(String runId, int generation) {
                extra.evaluated(runId, generation);
            }
            @Override public void committed(String runId, SearchState state, long hits) {
                cacheHits.add(hits);
                extra.committed(runId, state, hits);
            }
        };
        var strategy = new RegularizedEvolution(SPACE, ACC, 10, 3);
        SearchState state = start == null ? strategy.start(7) : start;
        new SearchEngine(SPACE, strategy, halving, NO_COSTS, settings, trials, new DriverRunner(SPACE, halving, "r"), "r",
                listener).run(state);
        return new Run(state, trials, cacheHits);
    }

    private static SuccessiveHalving oneRung() {
        return new SuccessiveHalving(List.of(new TabularEvaluator(DATA, "12ep", 0)), 2, ACC);
    }

    @Test
    void everyQueryIsOneFirstRungEvaluationOfANewCellAndTheBudgetIsSpentExactly() {
        Run run = run(oneRung(), new SearchSettings(95, 10, SearchSettings.generationLimit(95, 10), 1), new InMemoryTrials(),
                null, new GenerationListener() { });
        List<Trial> trials = run.trials().trials();
        assertEquals(95, run.state().getQueries());
        assertEquals(95, trials.size());
        assertEquals(95, trials.stream().map(Trial::canonicalKey).distinct().count(), "no cell is evaluated twice");
        // regularized evolution re-proposes cells it saw: those are served by the store, never evaluated again
        assertTrue(run.cacheHits().stream().mapToLong(Long::longValue).sum() > 0, "cache hits " + run.cacheHits());
        // the strategy was told the table's numbers for what it was asked
        double best = trials.stream().mapToDouble(t -> t.metrics().get("acc")).max().orElseThrow();
        assertEquals(best, run.state().getBest().metrics().get("acc"));
        assertEquals(DATA.get(run.state().getBest().arch()).objective()[0], best);
    }

    @Test
    void aResumedGenerationCountsWhatItWroteBeforeTheInterruptionAndEndsAsTheUninterruptedRun() {
        SearchSettings settings = new SearchSettings(40, 10, 100, 1);
        Run uninterrupted = run(oneRung(), settings, new InMemoryTrials(), null, new GenerationListener() { });

        // the second generation's results are committed, then the process dies before its state is
        InMemoryTrials store = new InMemoryTrials();
        String[] committed = new String[1];
        GenerationListener crash = new GenerationListener() {
            @Override public void evaluated(String runId, int generation) {
                if (generation == 1) {
                    throw new IllegalStateException("killed");
                }
            }
            @Override public void committed(String runId, SearchState state, long hits) {
                committed[0] = state.toJson();
            }
        };
        assertThrows(IllegalStateException.class, () -> run(oneRung(), settings, store, null, crash));
        Run resumed = run(oneRung(), settings, store, SearchState.fromJson(committed[0]), new GenerationListener() { });

        assertEquals(uninterrupted.state().toJson(), resumed.state().toJson());
        assertEquals(40, resumed.state().getQueries());
        assertEquals(uninterrupted.cacheHits().subList(1, uninterrupted.cacheHits().size()), resumed.cacheHits(),
                "the resumed generation's own rows are not cache hits");
        assertEquals(40, store.trials().size(), "nothing evaluated twice");
    }

    @Test
    void successiveHalvingEvaluatesTheBestThirdAgainAndCountsOnlyFirstRungQueries() {
        Evaluator shortRung = new TabularEvaluator(DATA, "12ep", 0);
        Evaluator longRung = new TabularEvaluator(LONGER, "200ep", 0);
        SuccessiveHalving halving = new SuccessiveHalving(List.of(shortRung, longRung), 3, ACC);
        Run run = run(halving, new SearchSettings(27, 9, 100, 1), new InMemoryTrials(), null, new GenerationListener() { });

        Map<String, List<Trial>> byFidelity = run.trials().trials().stream().collect(Collectors.groupingBy(Trial::fidelity));
        assertEquals(27, run.state().getQueries());
        assertEquals(27, byFidelity.get("12ep").size());
        // each generation promotes floor(n / 3) of its n distinct cells: at most 3 of 9, none evaluated twice
        int promoted = byFidelity.get("200ep").size();
        assertTrue(promoted >= 3 && promoted <= 3 * run.state().getGeneration(), promoted + " in " + run.state().getGeneration());
        assertEquals(promoted, byFidelity.get("200ep").stream().map(Trial::canonicalKey).distinct().count());
        for (Trial again : byFidelity.get("200ep")) {
            assertEquals(LONGER.get(again.arch()).objective()[0], again.metrics().get("acc"));
        }
        // the strategy is told each cell at the highest rung it reached: the best it knows is a promoted one
        String best = run.state().getBest().arch();
        assertTrue(byFidelity.get("200ep").stream().anyMatch(t -> t.arch().equals(best)), best);
    }

    @Test
    void theTimeLimitStartsNoGenerationOnceItHasPassedAndTheStartedOneFinishes() {
        // 10 generations' budget; each generation takes at least 700 ms (the listener sleeps): with a 1 s limit the
        // loop starts generation 0 (0 s) and 1 (>= 0.7 s, when the clock is not slowed past 1 s), and no third
        GenerationListener slow = new GenerationListener() {
            @Override public void evaluated(String runId, int generation) {
                try {
                    Thread.sleep(700);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        Run run = run(oneRung(), new SearchSettings(100, 10, 100, 1, 1), new InMemoryTrials(), null, slow);
        int generations = run.state().getGeneration();
        assertTrue(generations >= 1 && generations <= 2, generations + " generations");
        long queries = run.state().getQueries();
        assertTrue(queries > 10L * (generations - 1) && queries <= 10L * generations, queries + " queries");
        assertEquals(queries, run.trials().trials().size(), "every started generation finished and was stored");

        Run unlimited = run(oneRung(), new SearchSettings(100, 10, 100, 1, 0), new InMemoryTrials(), null,
                new GenerationListener() { });
        assertEquals(100, unlimited.state().getQueries(), "0: no time limit");
    }
}
