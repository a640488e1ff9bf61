package io.sparknas.jobs.search;

import io.sparknas.jobs.engine.GenerationListener;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchState;
import io.sparknas.population.pareto.Hypervolume;
import io.sparknas.population.pareto.ParetoRanking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One progress line per committed generation: evaluations so far, best so far, elapsed, ETA. */
final class ProgressLog implements GenerationListener {
    private static final Logger LOG = LoggerFactory.getLogger("io.sparknas.progress");
    private final long budget;
    private final SearchGoals goals;
    private final String objective;
    private final String report;
    private final long startNanos = System.nanoTime();
    private final long startQueries;

    ProgressLog(long budget, SearchGoals goals, String report, long startQueries) {
        this.budget = budget;
        this.goals = goals;
        this.objective = goals.primary().metric();
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
        LOG.info(String.format("run %s | generation %d | evaluations %d/%d (cache hits %d) | best %s%s | elapsed %s | ETA %s",
                runId, state.getGeneration() - 1, state.getQueries(), budget, cacheHits, bestText, front(state),
                clock(elapsed), Double.isNaN(eta) ? "?" : clock(eta)));
    }

    /**
     * Multi-objective runs: the size of the population's first front and its hypervolume, with the
     * population's worst value of each objective as the reference point (a relative measure: the
     * benchmark command gives the ratio to the true front).
     */
    private String front(SearchState state) {
        if (!goals.isMultiObjective() || state.getPopulation().isEmpty()) {
            return "";
        }
        List<Individual> front = ParetoRanking.rank(state.getPopulation(), goals.objectives(), goals.constraints()).stream()
                .filter(ParetoRanking.Ranked::isPareto).map(ParetoRanking.Ranked::individual).toList();
        Map<String, Double> reference = new HashMap<>();
        for (Objective o : goals.objectives()) {
            state.getPopulation().stream().min(Comparator.comparingDouble(i -> o.utility(i.metrics())))
                    .ifPresent(worst -> reference.put(o.metric(), worst.metrics().getOrDefault(o.metric(), Double.NaN)));
        }
        return String.format(" | front %d, hypervolume %.4g", front.size(), Hypervolume.of(front, goals.objectives(), reference));
    }

    private static String clock(double seconds) {
        Duration d = Duration.ofMillis((long) (seconds * 1000));
        return String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
    }
}
