package io.sparknas.jobs.search;

import io.sparknas.jobs.engine.CostMetrics;
import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.Evaluator;
import io.sparknas.jobs.engine.TrialStore;
import io.sparknas.jobs.engine.Trial;
import io.sparknas.jobs.spark.Concurrently;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.Tables;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchState;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A search's results in the Delta store: the cache is every run's evaluations at the same evaluator,
 * configuration and fidelity; a generation commits its evaluations, candidates and population side by
 * side, then its checkpoint. The MERGE keys make a retried generation write nothing twice.
 */
public final class DeltaTrials implements TrialStore {
    /** Asked before a generation's results are committed; throws to stop the search (the run's lease is lost). */
    @FunctionalInterface
    public interface CommitGuard {
        void beforeCommit(int generation);
    }

    private static final StructType KEYS = new StructType().add(Columns.CANONICAL_KEY, DataTypes.StringType, false);
    private final SparkSession spark;
    private final ResultStore store;
    private final SearchSpace space;
    private final SearchGoals goals;
    private final CostMetrics candidateCosts;
    private final CommitGuard guard;

    public DeltaTrials(SparkSession spark, ResultStore store, SearchSpace space, SearchGoals goals, int classes,
                       CommitGuard guard) {
        this.spark = spark;
        this.store = store;
        this.space = space;
        this.goals = goals;
        this.candidateCosts = CostMetrics.forMetrics(List.of("params", "flops"), classes);
        this.guard = guard;
    }

    @Override
    public Map<String, Trial> known(List<Candidate> candidates, Evaluator evaluator) {
        List<Row> keys = candidates.stream().map(c -> RowFactory.create(c.canonicalKey())).toList();
        Map<String, Trial> byKey = new LinkedHashMap<>();
        store.evaluationsOf(spark.createDataFrame(keys, KEYS), evaluator.name(), evaluator.configDigest(), evaluator.fidelity())
                .forEach(row -> byKey.putIfAbsent(row.getAs(Columns.CANONICAL_KEY), TrialRows.of(row)));
        return byKey;
    }

    @Override
    public void commitResults(Generation generation) {
        // before anything of the generation is committed: is the run still this process's?
        guard.beforeCommit(generation.number());
        String runId = generation.runId();
        Concurrently.run(
                () -> store.insertNew(Tables.EVALUATIONS, generation.fresh().stream().map(TrialRows::row).toList()),
                () -> store.insertNew(Tables.CANDIDATES, Records.candidates(generation.asked(), space, candidateCosts, runId)),
                () -> store.insertNew(Tables.POPULATIONS, Records.population(runId, generation.number(),
                        generation.state().getPopulation(), goals)));
    }

    @Override
    public void commitState(String runId, int number, SearchState state, Map<String, Double> stepSeconds) {
        store.insertNew(Tables.CHECKPOINTS, List.of(Records.checkpoint(runId, number, state.toJson(), stepSeconds)));
    }
}
