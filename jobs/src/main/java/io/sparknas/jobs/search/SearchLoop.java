package io.sparknas.jobs.search;

import io.sparknas.evaluation.Evaluator;
import io.sparknas.jobs.spark.Concurrently;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchState;
import io.sparknas.population.SearchStrategy;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

/** Runs a search one committed generation at a time; see {@link #generation} for the steps. */
public final class SearchLoop {
    private final SparkSession spark;
    private final ResultStore store;
    private final SearchSpace space;
    private final SearchStrategy strategy;
    private final Broadcast<Evaluator> evaluator;
    private final SearchGoals goals;
    private final CostMetrics costs;
    private final CostMetrics candidateCosts;
    private final String runId;
    private final SearchSettings settings;
    private final GenerationListener listener;

    public SearchLoop(SparkSession spark, ResultStore store, SearchSpace space, SearchStrategy strategy, Evaluator evaluator,
                      SearchGoals goals, CostMetrics costs, String runId, SearchSettings settings,
                      GenerationListener listener) {
        this.spark = spark;
        this.store = store;
        this.space = space;
        this.strategy = strategy;
        this.evaluator = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(evaluator);
        this.goals = goals;
        this.costs = costs;
        this.candidateCosts = CostMetrics.forMetrics(List.of("params", "flops"), costs.classes());
        this.runId = runId;
        this.settings = settings;
        this.listener = listener;
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
            // 3. the cross-run cache: what any run already evaluated here is not evaluated again
            Map<String, Row> known = firstRowPerKey(store.evaluationsOf(candidates, evaluator.value().name(),
                    evaluator.value().fidelity()));
            Dataset<Row> toEvaluate = candidates.filter(not(col(Columns.CANONICAL_KEY).isin(known.keySet().toArray())));
            timer.step("cache lookup");
            // 4. hardware costs are computed with each evaluation, on the executors (step 5); constraints act
            //    through the strategy (constraint domination, EE-PI's resampling)
            // 5. evaluate on the executors, one candidate at a time per task
            List<Row> fresh = PopulationFrames.evaluate(toEvaluate, evaluator, space, costs, runId, generation,
                    settings.parallelism());
            timer.step("evaluate");
            // 6. commit the results; the MERGE keys make a retried generation write nothing twice
            // 7. tell the strategy, commit its population (independent tables, written side by side), then its state
            long resumed = known.values().stream().filter(row -> writtenBy(row, generation)).count();
            long cacheHits = known.size() - resumed;
            fresh.forEach(row -> known.put(row.getString(0), row));
            strategy.tell(state, individuals(asked, keyed, known, generation));
            state.setQueries(state.getQueries() + fresh.size() + resumed);
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

    private static Map<String, Row> firstRowPerKey(List<Row> rows) {
        Map<String, Row> byKey = new LinkedHashMap<>();
        rows.forEach(row -> byKey.putIfAbsent(row.getString(row.fieldIndex(Columns.CANONICAL_KEY)), row));
        return byKey;
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
