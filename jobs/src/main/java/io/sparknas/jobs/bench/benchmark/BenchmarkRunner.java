package io.sparknas.jobs.bench.benchmark;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.tabular.TabularData;
import io.sparknas.evaluation.tabular.TabularEvaluator;
import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import io.sparknas.population.strategy.MapElites;
import io.sparknas.jobs.search.CostMetrics;
import io.sparknas.jobs.search.SearchSettings;

import java.util.ArrayList;
import java.util.HashMap;
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

    public RunResult run(SearchStrategy strategy, long seed) {
        TabularEvaluator evaluator = new TabularEvaluator(data, fidelity, seed);
        SearchState state = strategy.start(seed);
        Map<String, Map<String, Double>> cache = new HashMap<>();
        double optimum = data.bestReport();
        Integer queryOfOptimum = null;
        List<Individual> evaluated = new ArrayList<>();
        long maxGenerations = SearchSettings.generationLimit(budget, batch);
        while (evaluator.queries() < budget && state.getGeneration() < maxGenerations) {
            int generation = state.getGeneration();
            List<Genome> asked = strategy.ask(state, (int) Math.min(batch, budget - evaluator.queries()));
            List<Candidate> candidates = asked.stream().map(g -> Candidate.of(space, g)).toList();
            Map<String, Candidate> fresh = new LinkedHashMap<>();
            candidates.stream().filter(c -> !cache.containsKey(c.canonicalKey())).forEach(c -> fresh.putIfAbsent(c.canonicalKey(), c));
            long before = evaluator.queries();
            List<EvaluationResult> results = evaluator.evaluate(new ArrayList<>(fresh.values()));
            for (int i = 0; i < results.size(); i++) {
                EvaluationResult result = results.get(i);
                cache.put(result.candidate().canonicalKey(), result.metrics());
                if (result.isOk()) {
                    evaluated.add(individual(result.candidate(), result.metrics(), generation));
                }
                TabularData.Entry entry = data.get(result.candidate().arch());
                if (queryOfOptimum == null && entry != null && entry.report() == optimum) {
                    queryOfOptimum = (int) (before + i + 1);
                }
            }
            List<Individual> told = new ArrayList<>();
            for (Candidate c : candidates) {
                Map<String, Double> metrics = cache.get(c.canonicalKey());
                if (!metrics.isEmpty()) {
                    told.add(individual(c, metrics, generation));
                }
            }
            strategy.tell(state, told);
        }
        Individual best = state.getBest();
        double report = best == null ? Double.NaN : best.metrics().get(data.reportColumn());
        Double coverage = strategy instanceof MapElites mapElites ? mapElites.coverage(state) : null;
        return new RunResult(seed, report, best == null ? null : best.arch(), queryOfOptimum, evaluator.queries(),
                List.copyOf(evaluated), coverage);
    }

    /** Costs belong to the architecture asked, even when its metrics come from an equivalent one's evaluation. */
    private Individual individual(Candidate candidate, Map<String, Double> metrics, int generation) {
        return new Individual(candidate.genome(), candidate.arch(), candidate.canonicalKey(),
                costs.addTo(metrics, space.decode(candidate.genome())), generation);
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
