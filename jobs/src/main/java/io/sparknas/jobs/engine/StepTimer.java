package io.sparknas.jobs.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How long each step of one generation took, as data: the {@code checkpoints} row of the generation
 * keeps the seconds ({@code step_seconds}), the {@code run_progress} view shows them and the search's
 * summary lists them; DEBUG logs them as they are measured.
 */
public final class StepTimer {
    private static final Logger LOG = LoggerFactory.getLogger(StepTimer.class);

    /** The steps of {@link SearchEngine#generation}, in order; the name is the map key and the view's column stem. */
    public enum Step {
        ASK, KEY, EVALUATE, TELL, COMMIT_RESULTS, COMMIT_STATE;

        /** {@code commit_results}: the key in {@code step_seconds}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code commit_results_s}: the column of {@code run_progress}. */
        public String column() {
            return key() + "_s";
        }
    }

    /**
     * The key under which a checkpoint row keeps the previous generation's {@link Step#COMMIT_STATE}:
     * a generation's state commit cannot time itself in the row it writes, so the next row carries it.
     */
    public static final String PREVIOUS_COMMIT_STATE = "previous_" + Step.COMMIT_STATE.key();

    private final String runId;
    private final int generation;
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private long last = System.nanoTime();

    public StepTimer(String runId, int generation) {
        this.runId = runId;
        this.generation = generation;
    }

    /** Ends {@code step}: the seconds since the previous step ended (or since the timer started). */
    public double step(Step step) {
        long now = System.nanoTime();
        double elapsed = (now - last) / 1e9;
        seconds.put(step.key(), elapsed);
        if (LOG.isDebugEnabled()) {
            LOG.debug(String.format("run %s generation %d: %s %.2f s", runId, generation, step.key(), elapsed));
        }
        last = now;
        return elapsed;
    }

    /** Adds a value measured elsewhere (the previous generation's state commit). */
    public void put(String key, double value) {
        seconds.put(key, value);
    }

    /** Per step, the median over the generations' rows ({@link Step} keys; steps no row has are left out). */
    public static Map<String, Double> medians(java.util.List<Map<String, Object>> rows) {
        Map<String, Double> medians = new LinkedHashMap<>();
        for (Step step : Step.values()) {
            double[] values = rows.stream().filter(r -> r.get(step.key()) instanceof Double)
                    .mapToDouble(r -> (Double) r.get(step.key())).toArray();
            if (values.length > 0) {
                medians.put(step.key(), new org.apache.commons.math3.stat.descriptive.rank.Median().evaluate(values));
            }
        }
        return medians;
    }

    /** The seconds so far, by step key, in step order. */
    public Map<String, Double> seconds() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
    }
}
