package io.sparknas.jobs.search;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.Evaluator;
import io.sparknas.evaluation.SuccessiveHalving;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.population.Genome;
import io.sparknas.population.SearchSpace;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Steps 3 and 5 of a generation, rung by rung of {@link SuccessiveHalving} (one rung without it):
 * what any run already evaluated at a rung's fidelity comes from the store, the rest is evaluated
 * on the executors, and the best of each rung go on to the next.
 */
final class RungEvaluation {
    private final SparkSession spark;
    private final ResultStore store;
    private final SuccessiveHalving halving;
    private final List<Broadcast<Evaluator>> evaluators;
    private final SearchSpace space;
    private final CostMetrics costs;
    private final String runId;

    /**
     * @param fresh     rows evaluated now, all rungs: to be committed
     * @param latest    per canonical key, its row at the highest rung it reached (what the strategy is told)
     * @param cached    per canonical key, its first-rung row found in the store (not evaluated now)
     * @param evaluated candidates evaluated now at the first rung (new queries)
     */
    record Outcome(List<Row> fresh, Map<String, Row> latest, Map<String, Row> cached, long evaluated) {
    }

    RungEvaluation(SparkSession spark, ResultStore store, SuccessiveHalving halving, SearchSpace space, CostMetrics costs,
                   String runId) {
        this.spark = spark;
        this.store = store;
        this.halving = halving;
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.evaluators = halving.rungs().stream().map(jsc::broadcast).toList();
        this.space = space;
        this.costs = costs;
        this.runId = runId;
    }

    /** The evaluator of the first rung (names the cache and the progress lines). */
    Evaluator first() {
        return halving.rungs().get(0);
    }

    /** @param keyed the generation's candidates (columns of {@link PopulationFrames#KEYED}), duplicates allowed */
    Outcome evaluate(List<Row> keyed, int generation) {
        Map<String, Candidate> distinct = new LinkedHashMap<>();
        for (Row row : keyed) {
            distinct.putIfAbsent(row.getString(3), new Candidate(row.getString(3), row.getString(2), PopulationFrames.genome(row)));
        }
        List<Row> fresh = new ArrayList<>();
        Map<String, Row> latest = new LinkedHashMap<>();
        Map<String, Row> cached = new LinkedHashMap<>();
        long[] evaluated = {0};
        halving.run(List.copyOf(distinct.values()), (rung, evaluator, candidates) -> {
            Map<String, Row> known = cached(candidates, evaluator);
            List<Candidate> todo = candidates.stream().filter(c -> !known.containsKey(c.canonicalKey())).toList();
            List<Row> rows = PopulationFrames.evaluate(spark, todo, evaluators.get(rung), space, costs, runId, generation);
            fresh.addAll(rows);
            Map<String, Row> all = new LinkedHashMap<>(known);
            rows.forEach(row -> all.put(row.getString(0), row));
            latest.putAll(all);
            if (rung == 0) {
                cached.putAll(known);
                evaluated[0] = rows.size();
            }
            return candidates.stream().filter(c -> all.containsKey(c.canonicalKey()))
                    .map(c -> result(all.get(c.canonicalKey()), c)).toList();
        });
        return new Outcome(fresh, latest, cached, evaluated[0]);
    }

    /** The cross-run cache: rows any run wrote for these candidates at this evaluator and fidelity. */
    private Map<String, Row> cached(List<Candidate> candidates, Evaluator evaluator) {
        List<Row> keys = candidates.stream().map(c -> RowFactory.create(c.canonicalKey())).toList();
        var frame = spark.createDataFrame(keys, new org.apache.spark.sql.types.StructType()
                .add(Columns.CANONICAL_KEY, org.apache.spark.sql.types.DataTypes.StringType, false));
        Map<String, Row> byKey = new LinkedHashMap<>();
        store.evaluationsOf(frame, evaluator.name(), evaluator.configDigest(), evaluator.fidelity())
                .forEach(row -> byKey.putIfAbsent(row.getString(row.fieldIndex(Columns.CANONICAL_KEY)), row));
        return byKey;
    }

    private static EvaluationResult result(Row row, Candidate candidate) {
        EvaluationResult.Status status = EvaluationResult.Status.valueOf(row.getString(row.fieldIndex(Columns.STATUS)));
        return new EvaluationResult(candidate, status, row.getString(row.fieldIndex(Columns.REASON)), Records.metrics(row),
                row.getLong(row.fieldIndex(Columns.SEED)), row.getDouble(row.fieldIndex(Columns.WALL_TIME_S)));
    }

}
