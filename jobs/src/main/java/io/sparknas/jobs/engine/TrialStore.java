package io.sparknas.jobs.engine;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.Evaluator;
import io.sparknas.population.SearchState;

import java.util.List;
import java.util.Map;

/**
 * Where a search's results are kept: the cache it reads before evaluating, and where each
 * generation is committed. The loop commits a generation's results first and its state last, so a
 * store that outlives the process can resume at the last generation whose state it holds.
 */
public interface TrialStore {

    /**
     * What this store already holds for these candidates at this evaluator, configuration and
     * fidelity, by canonical key (one trial per key).
     */
    Map<String, Trial> known(List<Candidate> candidates, Evaluator evaluator);

    /** Commits a generation's results: the trials evaluated now, the candidates asked and the told population. */
    void commitResults(Generation generation);

    /**
     * Commits the state after generation {@code number} (what a resume loads), with the seconds its steps
     * took so far ({@link StepTimer#seconds}).
     */
    void commitState(String runId, int number, SearchState state, Map<String, Double> stepSeconds);

    /**
     * One generation, after the strategy was told.
     *
     * @param asked      the candidates asked, in ask order (duplicates kept)
     * @param fresh      the trials evaluated now, every rung, in evaluation order
     */
    record Generation(String runId, int number, List<Candidate> asked, List<Trial> fresh, SearchState state) {
    }
}
