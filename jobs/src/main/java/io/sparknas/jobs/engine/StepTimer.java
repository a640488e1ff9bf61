package io.sparknas.jobs.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs how long each step of a generation took (DEBUG): where a slow generation spends its time. */
public final class StepTimer {
    private static final Logger LOG = LoggerFactory.getLogger(StepTimer.class);
    private final String runId;
    private final int generation;
    private long last = System.nanoTime();

    public StepTimer(String runId, int generation) {
        this.runId = runId;
        this.generation = generation;
    }

    public void step(String name) {
        long now = System.nanoTime();
        if (LOG.isDebugEnabled()) {
            LOG.debug(String.format("run %s generation %d: %s %.2f s", runId, generation, name, (now - last) / 1e9));
        }
        last = now;
    }
}
