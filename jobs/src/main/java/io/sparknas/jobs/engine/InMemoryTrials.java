package io.sparknas.jobs.engine;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.Evaluator;
import io.sparknas.population.SearchState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's results in memory: the cache of one benchmark seed's run (a candidate already evaluated in
 * the run costs nothing), and every trial in evaluation order. Nothing outlives the process; the
 * committed state is not kept.
 */
public final class InMemoryTrials implements TrialStore {
    private final Map<String, Trial> byKey = new HashMap<>();
    private final List<Trial> trials = new ArrayList<>();
    private final Map<String, Candidate> candidates = new LinkedHashMap<>();

    @Override
    public Map<String, Trial> known(List<Candidate> asked, Evaluator evaluator) {
        Map<String, Trial> known = new LinkedHashMap<>();
        for (Candidate candidate : asked) {
            Trial trial = byKey.get(cacheKey(candidate.canonicalKey(), evaluator.name(), evaluator.configDigest(),
                    evaluator.fidelity()));
            if (trial != null) {
                known.putIfAbsent(candidate.canonicalKey(), trial);
            }
        }
        return known;
    }

    @Override
    public void commitResults(Generation generation) {
        generation.asked().forEach(c -> candidates.putIfAbsent(c.canonicalKey(), c));
        for (Trial trial : generation.fresh()) {
            byKey.put(cacheKey(trial.canonicalKey(), trial.evaluator(), trial.evaluatorConfig(), trial.fidelity()), trial);
            trials.add(trial);
        }
    }

    @Override
    public void commitState(String runId, int number, SearchState state, Map<String, Double> stepSeconds) {
    }

    /** Every trial evaluated in the run, in evaluation order (the n-th first-rung trial is query n). */
    public List<Trial> trials() {
        return List.copyOf(trials);
    }

    /** The first candidate asked with this canonical key (the one that was evaluated). */
    public Candidate candidate(String canonicalKey) {
        return candidates.get(canonicalKey);
    }

    private static String cacheKey(String canonicalKey, String evaluator, String config, String fidelity) {
        return String.join("\u0000", canonicalKey, evaluator, String.valueOf(config), fidelity);
    }
}
