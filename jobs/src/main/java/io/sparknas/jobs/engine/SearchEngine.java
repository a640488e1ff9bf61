package io.sparknas.jobs.engine;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.SuccessiveHalving;
import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The search loop, for {@code search} and for the many-seed benchmark alike: generations of ask →
 * key → look up → evaluate → tell → commit until the budget of evaluator queries is spent, the
 * generation limit is reached or the time limit has passed. Where results are kept is the {@link TrialStore}'s; where candidates
 * are evaluated is the {@link EvaluationRunner}'s. See {@link #generation} for the steps.
 */
public final class SearchEngine {
    private final SearchSpace space;
    private final SearchStrategy strategy;
    private final SuccessiveHalving halving;
    private final CostMetrics costs;
    private final SearchSettings settings;
    private final TrialStore store;
    private final EvaluationRunner runner;
    private final String runId;
    private final GenerationListener listener;
    /** The previous generation's state commit in seconds (NaN before the first one of this process). */
    private double lastCommitState = Double.NaN;

    /**
     * @param halving the evaluator's rungs (a single rung: one evaluation per candidate)
     * @param costs   the analytic costs the goals name, added to each told candidate's metrics
     */
    public SearchEngine(SearchSpace space, SearchStrategy strategy, SuccessiveHalving halving, CostMetrics costs,
                        SearchSettings settings, TrialStore store, EvaluationRunner runner, String runId,
                        GenerationListener listener) {
        this.space = space;
        this.strategy = strategy;
        this.halving = halving;
        this.costs = costs;
        this.settings = settings;
        this.store = store;
        this.runner = runner;
        this.runId = runId;
        this.listener = listener;
    }

    /**
     * Runs generations from {@code state} (a fresh start, or the state a resume loaded) until the budget, the
     * generation limit or the time limit (checked before each generation: a started generation always finishes).
     */
    public SearchState run(SearchState state) {
        long started = System.nanoTime();
        while (state.getQueries() < settings.budget() && state.getGeneration() < settings.maxGenerations()
                && settings.withinTime(System.nanoTime() - started)) {
            generation(state);
        }
        return state;
    }

    /** One generation. */
    void generation(SearchState state) {
        int generation = state.getGeneration();
        StepTimer timer = new StepTimer(runId, generation);
        // 1. ask the strategy for what is left of the budget, at most a batch
        int n = (int) Math.min(settings.batch(), settings.budget() - state.getQueries());
        List<Genome> genomes = strategy.ask(state, n);
        timer.step(StepTimer.Step.ASK);
        // 2. key them: string form and canonical key; equivalent genomes share one evaluation
        List<Candidate> asked = runner.key(genomes);
        timer.step(StepTimer.Step.KEY);
        // 3. + 4. rung by rung (successive halving; one rung without it): what the store already holds at a rung's
        //    evaluator and fidelity is not evaluated again, the rest is evaluated by the runner
        Rungs rungs = evaluate(asked, generation);
        timer.step(StepTimer.Step.EVALUATE);
        // 5. tell the strategy, each candidate at the highest rung it reached; a query is a first-rung evaluation
        //    made now, or made by this run and generation before an interruption (the uninterrupted run counted it)
        strategy.tell(state, individuals(asked, rungs.latest(), generation));
        long resumed = rungs.cached().values().stream().filter(t -> t.writtenBy(runId, generation)).count();
        state.setQueries(state.getQueries() + rungs.evaluated() + resumed);
        timer.step(StepTimer.Step.TELL);
        // 6. commit the results; then 7. the state, last: a resume never skips a generation whose results are not all in
        store.commitResults(new TrialStore.Generation(runId, generation, asked, rungs.fresh(), state));
        timer.step(StepTimer.Step.COMMIT_RESULTS);
        listener.evaluated(runId, generation);
        if (!Double.isNaN(lastCommitState)) {
            timer.put(StepTimer.PREVIOUS_COMMIT_STATE, lastCommitState);
        }
        store.commitState(runId, generation, state, timer.seconds());
        lastCommitState = timer.step(StepTimer.Step.COMMIT_STATE);
        listener.committed(runId, state, rungs.cached().size() - resumed);
        listener.timed(runId, generation, timer.seconds());
    }

    /**
     * @param fresh     trials evaluated now, all rungs, in evaluation order
     * @param latest    per canonical key, its trial at the highest rung it reached
     * @param cached    per canonical key, its first-rung trial found in the store
     * @param evaluated first-rung trials evaluated now
     */
    private record Rungs(List<Trial> fresh, Map<String, Trial> latest, Map<String, Trial> cached, long evaluated) {
    }

    private Rungs evaluate(List<Candidate> asked, int generation) {
        Map<String, Candidate> distinct = new LinkedHashMap<>();
        asked.forEach(c -> distinct.putIfAbsent(c.canonicalKey(), c));
        List<Trial> fresh = new ArrayList<>();
        Map<String, Trial> latest = new LinkedHashMap<>();
        Map<String, Trial> cached = new LinkedHashMap<>();
        long[] evaluated = {0};
        halving.run(List.copyOf(distinct.values()), (rung, evaluator, candidates) -> {
            Map<String, Trial> known = store.known(candidates, evaluator);
            List<Candidate> todo = candidates.stream().filter(c -> !known.containsKey(c.canonicalKey())).toList();
            List<Trial> now = runner.evaluate(todo, rung, generation);
            fresh.addAll(now);
            Map<String, Trial> all = new LinkedHashMap<>(known);
            now.forEach(t -> all.put(t.canonicalKey(), t));
            latest.putAll(all);
            if (rung == 0) {
                cached.putAll(known);
                evaluated[0] = now.size();
            }
            return candidates.stream().filter(c -> all.containsKey(c.canonicalKey()))
                    .map(c -> result(c, all.get(c.canonicalKey()))).toList();
        });
        return new Rungs(fresh, latest, cached, evaluated[0]);
    }

    /** The asked genomes in ask order, each with its trial's metrics; failed ones are left out. */
    private List<Individual> individuals(List<Candidate> asked, Map<String, Trial> trials, int generation) {
        List<Individual> individuals = new ArrayList<>(asked.size());
        for (Candidate candidate : asked) {
            Trial trial = trials.get(candidate.canonicalKey());
            if (trial != null && trial.isOk()) {
                individuals.add(individual(candidate, trial, generation));
            }
        }
        return individuals;
    }

    /**
     * A candidate with a trial's metrics and its own genome's analytic costs: the costs belong to the
     * genome asked, even when an equivalent genome's evaluation is reused (a cost a runner stored with the
     * trial, or the evaluator measured, wins: {@link CostMetrics#addTo}).
     */
    public Individual individual(Candidate candidate, Trial trial, int generation) {
        return new Individual(candidate.genome(), candidate.arch(), candidate.canonicalKey(),
                costs.addTo(trial.metrics(), space.decode(candidate.genome())), generation);
    }

    private static EvaluationResult result(Candidate candidate, Trial trial) {
        return new EvaluationResult(candidate, trial.status(), trial.reason(), trial.metrics(), trial.seed(),
                trial.wallTimeS() == null ? 0 : trial.wallTimeS());
    }
}
