package io.sparknas.jobs.search;

import io.sparknas.population.Individual;
import io.sparknas.population.SearchState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** One progress line per committed generation: evaluations so far, best so far, elapsed, ETA. */
final class ProgressLog implements GenerationListener {
    private static final Logger LOG = LoggerFactory.getLogger("io.sparknas.progress");
    private final long budget;
    private final String objective;
    private final String report;
    private final long startNanos = System.nanoTime();
    private final long startQueries;

    ProgressLog(long budget, String objective, String report, long startQueries) {
        this.budget = budget;
        this.objective = objective;
        this.report = report;
        this.startQueries = startQueries;
    }

    @Override
    public void committed(String runId, SearchState state, long cacheHits) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        long done = state.getQueries() - startQueries;
        double eta = done <= 0 ? Double.NaN : elapsed / done * (budget - state.getQueries());
        Individual best = state.getBest();
        String bestText = best == null ? "none yet" : String.format("%s %.3f (%s %.3f) %s", objective,
                best.metrics().get(objective), report, best.metrics().getOrDefault(report, Double.NaN), best.arch());
        LOG.info(String.format("run %s | generation %d | evaluations %d/%d (cache hits %d) | best %s | elapsed %s | ETA %s",
                runId, state.getGeneration() - 1, state.getQueries(), budget, cacheHits, bestText,
                clock(elapsed), Double.isNaN(eta) ? "?" : clock(eta)));
    }

    private static String clock(double seconds) {
        Duration d = Duration.ofMillis((long) (seconds * 1000));
        return String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
    }
}
