package io.sparknas.jobs.bench.benchmark;

import io.sparknas.evaluation.SuccessiveHalving;
import io.sparknas.evaluation.tabular.TabularData;
import io.sparknas.evaluation.tabular.TabularEvaluator;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import io.sparknas.population.prior.WithPrior;
import io.sparknas.population.strategy.MapElites;
import io.sparknas.jobs.engine.DriverRunner;
import io.sparknas.jobs.engine.GenerationListener;
import io.sparknas.jobs.engine.InMemoryTrials;
import io.sparknas.jobs.engine.SearchEngine;
import io.sparknas.jobs.engine.SearchSettings;
import io.sparknas.jobs.engine.Trial;
import io.sparknas.jobs.engine.CostMetrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a strategy against a tabular benchmark on the driver, with the search job's rules: a
 * budget of evaluator queries, canonical keys, and a run-local cache so that a candidate already
 * evaluated in the run costs nothing. The architecture a run returns is its best by the objective
 * it saw (one seed's noisy value); what is reported is that architecture's report column.
 */
public final class BenchmarkRunner {
    /** The run id its in-memory trials carry (nothing is stored). */
    private static final String RUN_ID = "benchmark";
    private final SearchSpace space;
    private final TabularData data;
    private final String fidelity;
    private final int budget;
    private final int batch;
    private final CostMetrics costs;

    public BenchmarkRunner(SearchSpace space, TabularData data, String fidelity, int budget, int batch) {
        this(space, data, fidelity, budget, batch, CostMetrics.forMetrics(List.of(), 10));
    }

    /** @param costs analytic costs added to every evaluated candidate's metrics (objectives, constraints) */
    public BenchmarkRunner(SearchSpace space, TabularData data, String fidelity, int budget, int batch, CostMetrics costs) {
        this.space = space;
        this.data = data;
        this.fidelity = fidelity;
        this.budget = budget;
        this.batch = batch;
        this.costs = costs;
    }

    /**
     * The outcome of one seed: the reported value of the best by the primary objective, the query
     * that first hit the table's optimum (if any), every evaluated candidate in query order, and
     * the archive coverage for MAP-Elites.
     */
    public record RunResult(long seed, double report, String arch, Integer queryOfOptimum, long queries,
                            List<Individual> evaluated, Double coverage) {
    }

    /**
     * One seed's run: the search engine with the run's results in memory and the table lookups on the
     * driver. The generation limit is the search job's.
     */
    public RunResult run(SearchStrategy strategy, long seed) {
        SuccessiveHalving oneRung = new SuccessiveHalving(List.of(new TabularEvaluator(data, fidelity, seed)), 2,
                Objective.maximize(data.objectiveColumn()));
        InMemoryTrials trials = new InMemoryTrials();
        SearchSettings settings = SearchSettings.of(budget, batch, 0, 1);
        SearchEngine engine = new SearchEngine(space, strategy, oneRung, costs, settings, trials,
                new DriverRunner(space, oneRung, RUN_ID), RUN_ID, new GenerationListener() { });
        SearchState state = engine.run(strategy.start(seed));

        double optimum = data.bestReport();
        Integer queryOfOptimum = null;
        List<Individual> evaluated = new ArrayList<>();
        List<Trial> all = trials.trials();
        for (int i = 0; i < all.size(); i++) {
            Trial trial = all.get(i);
            if (trial.isOk()) {
                evaluated.add(engine.individual(trials.candidate(trial.canonicalKey()), trial, trial.generation()));
            }
            TabularData.Entry entry = data.get(trial.arch());
            if (queryOfOptimum == null && entry != null && entry.report() == optimum) {
                queryOfOptimum = i + 1;
            }
        }
        Individual best = state.getBest();
        double report = best == null ? Double.NaN : best.metrics().get(data.reportColumn());
        Double coverage = WithPrior.unwrap(strategy) instanceof MapElites mapElites ? mapElites.coverage(state) : null;
        return new RunResult(seed, report, best == null ? null : best.arch(), queryOfOptimum, state.getQueries(),
                List.copyOf(evaluated), coverage);
    }

    /** Runs {@code seeds} seeds of each strategy from {@code firstSeed}; same seeds for every strategy. */
    public Map<String, List<RunResult>> runAll(List<String> names, Function<String, SearchStrategy> strategies,
                                               long firstSeed, int seeds) {
        Map<String, List<RunResult>> results = new LinkedHashMap<>();
        for (String name : names) {
            SearchStrategy strategy = strategies.apply(name);
            List<RunResult> runs = new ArrayList<>(seeds);
            for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
                runs.add(run(strategy, seed));
            }
            results.put(name, runs);
        }
        return results;
    }
}
