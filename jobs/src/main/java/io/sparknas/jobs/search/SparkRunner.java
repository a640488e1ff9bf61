package io.sparknas.jobs.search;

import io.sparknas.jobs.engine.CostMetrics;
import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.Evaluator;
import io.sparknas.evaluation.SuccessiveHalving;
import io.sparknas.jobs.engine.EvaluationRunner;
import io.sparknas.jobs.engine.Trial;
import io.sparknas.jobs.store.Columns;
import io.sparknas.population.Genome;
import io.sparknas.population.SearchSpace;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/**
 * Keys a generation's candidates and evaluates them as Spark jobs: one candidate per task, each rung's
 * evaluator broadcast once. Each trial stores the analytic costs the goals name, computed on the
 * executor beside the evaluation.
 */
final class SparkRunner implements EvaluationRunner {
    private final SparkSession spark;
    private final SearchSpace space;
    private final List<Broadcast<Evaluator>> evaluators;
    private final CostMetrics costs;
    private final String runId;

    SparkRunner(SparkSession spark, SearchSpace space, SuccessiveHalving halving, CostMetrics costs, String runId) {
        this.spark = spark;
        this.space = space;
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.evaluators = halving.rungs().stream().map(jsc::broadcast).toList();
        this.costs = costs;
        this.runId = runId;
    }

    @Override
    public List<Candidate> key(List<Genome> asked) {
        return PopulationFrames.keyed(spark, space, asked).orderBy(PopulationFrames.INDEX).collectAsList().stream()
                .map(SparkRunner::candidate).toList();
    }

    private static Candidate candidate(Row keyed) {
        return new Candidate(keyed.getAs(Columns.CANONICAL_KEY), keyed.getAs(Columns.ARCH), PopulationFrames.genome(keyed));
    }

    @Override
    public List<Trial> evaluate(List<Candidate> candidates, int rung, int generation) {
        return PopulationFrames.evaluate(spark, candidates, evaluators.get(rung), space, costs, runId, generation).stream()
                .map(TrialRows::of).toList();
    }
}
