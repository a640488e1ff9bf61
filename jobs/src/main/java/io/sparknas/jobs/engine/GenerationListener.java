package io.sparknas.jobs.engine;

import io.sparknas.population.SearchState;

/** Hears about each generation's commits: progress lines, and in tests, simulated crashes. */
public interface GenerationListener {

    /** The run holds its lease and is about to ask its first generation ({@code resumed}: after a committed one). */
    default void started(String runId, String store, boolean resumed) {
    }

    /** The generation's evaluations are committed; its state is not yet. */
    default void evaluated(String runId, int generation) {
    }

    /** The generation is committed; {@code state} is the state a resume would load. */
    default void committed(String runId, SearchState state, long cacheHits) {
    }

    /** The seconds each step of the generation took ({@link StepTimer.Step} keys), once it is committed. */
    default void timed(String runId, int generation, java.util.Map<String, Double> stepSeconds) {
    }
}
