package io.sparknas.jobs.search;

import io.sparknas.evaluation.SuccessiveHalving;
import io.sparknas.jobs.spark.Concurrently;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs a search one committed generation at a time; see {@link #generation} for the steps. */
public final class SearchLoop {
    /** Asked before a generation's results are committed; throws to stop the search (the run's lease is lost). */
    @FunctionalInterface
    public interface CommitGuard {
        CommitGuard NONE = generation -> { };

        void beforeCommit(int generation);
    }

    private final SparkSession spark;
    private final ResultStore store;
    private final SearchSpace space;
    private final SearchStrategy strategy;
    private final RungEvaluation evaluation;
    private final SearchGoals goals;
    private final CostMetrics costs;
    private final CostMetrics candidateCosts;
    private final String runId;
    private final SearchSettings settings;
    private final GenerationListener listener;
    private final CommitGuard guard;

    /** @param halving the evaluator's rungs (a single rung: one evaluation per candidate) */
    public SearchLoop(SparkSession spark, ResultStore store, SearchSpace space, SearchStrategy strategy,
                      SuccessiveHalving halving, SearchGoals goals, CostMetrics costs, String runId, SearchSettings settings,
                      GenerationListener listener) {
        this(spark, store, space, strategy, halving, goals, costs, runId, settings, listener, CommitGuard.NONE);
    }

    /** @param guard checked before each generation's commit, e.g. that this process still holds the run ({@link RunLease}) */
    public SearchLoop(SparkSession spark, ResultStore store, SearchSpace space, SearchStrategy strategy,
                      SuccessiveHalving halving, SearchGoals goals, CostMetrics costs, String runId, SearchSettings settings,
                      GenerationListener listener, CommitGuard guard) {
        this.spark = spark;
        this.store = store;
        this.space = space;
        this.strategy = strategy;
        this.evaluation = new RungEvaluation(spark, store, halving, space, costs, runId);
        this.goals = goals;
        this.costs = costs;
        this.candidateCosts = CostMetrics.forMetrics(List.of("params", "flops"), costs.classes());
        this.runId = runId;
        this.settings = settings;
        this.listener = listener;
        this.guard = guard;
    }

    /** Runs generations from {@code state} until the budget or the generation limit is reached. */
    public SearchState run(SearchState state) {
        while (state.getQueries() < settings.budget() && state.getGeneration() < settings.maxGenerations()) {
            generation(state);
        }
        return state;
    }

    /** One generation; step 1 (load the state at the last committed generation) is the caller's. */
    void generation(SearchState state) {
        int generation = state.getGeneration();
        StepTimer timer = new StepTimer(runId, generation);
        // 2. ask the strategy; the candidates become a Dataset, keyed on the executors
        int n = (int) Math.min(settings.batch(), settings.budget() - state.getQueries());
        List<Genome> asked = strategy.ask(state, n);
        Dataset<Row> candidates = PopulationFrames.keyed(spark, space, asked).cache();
        try {
            List<Row> keyed = candidates.orderBy(PopulationFrames.INDEX).collectAsList();
            timer.step("ask and key");
            // 3. the cross-run cache: what any run already evaluated at a rung's fidelity is not evaluated again
            // 4. hardware costs are computed with each evaluation, on the executors (step 5); constraints act
            //    through the strategy (constraint domination, EE-PI's resampling)
            // 5. evaluate on the executors, one candidate per task, rung by rung (successive halving)
            RungEvaluation.Outcome outcome = evaluation.evaluate(keyed, generation);
            List<Row> fresh = outcome.fresh();
            timer.step("evaluate");
            // before anything of the generation is committed: is the run still this process's?
            guard.beforeCommit(generation);
            // 6. commit the results; the MERGE keys make a retried generation write nothing twice
            // 7. tell the strategy (each candidate at the highest rung it reached), commit its population
            //    (independent tables, written side by side), then its state
            long resumed = outcome.cached().values().stream().filter(row -> writtenBy(row, generation)).count();
            long cacheHits = outcome.cached().size() - resumed;
            strategy.tell(state, individuals(asked, keyed, outcome.latest(), generation));
            state.setQueries(state.getQueries() + outcome.evaluated() + resumed);
            Concurrently.run(
                    () -> store.insertNew(Tables.EVALUATIONS, fresh),
                    () -> store.insertNew(Tables.CANDIDATES, Records.candidates(keyed, space, candidateCosts, runId)),
                    () -> store.insertNew(Tables.POPULATIONS, Records.population(runId, generation, state.getPopulation(), goals)));
            timer.step("commit evaluations, candidates, population");
            listener.evaluated(runId, generation);
            // the state goes last: a resume never skips a generation whose rows are not all committed
            store.insertNew(Tables.CHECKPOINTS, List.of(Records.checkpoint(runId, generation, state.toJson())));
            timer.step("commit state");
            // 8. predictor refit: none yet (predictor issue)
            listener.committed(runId, state, cacheHits);
        } finally {
            candidates.unpersist();
        }
    }

    /**
     * A row this run wrote for this very generation before it was interrupted: a resumed
     * generation counts it as this run's query, as the uninterrupted run did.
     */
    private boolean writtenBy(Row row, int generation) {
        return runId.equals(row.getString(row.fieldIndex(Columns.RUN_ID)))
                && generation == row.getInt(row.fieldIndex(Columns.GENERATION));
    }

    /** The asked genomes in ask order, each with its evaluation's metrics; failed ones are left out. */
    private List<Individual> individuals(List<Genome> asked, List<Row> keyed, Map<String, Row> evaluations,
                                         int generation) {
        List<Individual> individuals = new ArrayList<>(asked.size());
        for (int i = 0; i < asked.size(); i++) {
            Row candidate = keyed.get(i);
            String key = candidate.getString(3);
            Row evaluation = evaluations.get(key);
            if (evaluation != null && Records.isOk(evaluation)) {
                // costs belong to the genome asked, even when an equivalent genome's evaluation is reused
                Map<String, Double> metrics = costs.addTo(Records.metrics(evaluation), space.decode(asked.get(i)));
                individuals.add(new Individual(asked.get(i), candidate.getString(2), key, metrics, generation));
            }
        }
        return individuals;
    }
}
