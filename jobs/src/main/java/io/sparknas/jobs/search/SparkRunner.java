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
 * executor beside the evaluation. Where a Spark job would cost more than the work, the driver does it
 * with the same code: keys of a batch up to {@link #DRIVER_KEYS} genomes, and the evaluations of a
 * lookup evaluator ({@link Evaluator#isLookup}, a table row in memory; {@code search.lookups-on-driver}).
 */
final class SparkRunner implements EvaluationRunner {
    /** Batches up to this many genomes are keyed on the driver (microseconds each, against a job's tenth of a second). */
    static final int DRIVER_KEYS = 10_000;
    private final SparkSession spark;
    private final SearchSpace space;
    private final List<Broadcast<Evaluator>> evaluators;
    private final CostMetrics costs;
    private final String runId;
    private final boolean lookupsOnDriver;

    /** @param lookupsOnDriver evaluate lookup evaluators on the driver ({@code search.lookups-on-driver}) */
    SparkRunner(SparkSession spark, SearchSpace space, SuccessiveHalving halving, CostMetrics costs, String runId,
                boolean lookupsOnDriver) {
        this.lookupsOnDriver = lookupsOnDriver;
        this.spark = spark;
        this.space = space;
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.evaluators = halving.rungs().stream().map(jsc::broadcast).toList();
        this.costs = costs;
        this.runId = runId;
    }

    @Override
    public List<Candidate> key(List<Genome> asked) {
        if (asked.size() <= DRIVER_KEYS) {
            return asked.stream().map(genome -> Candidate.of(space, genome)).toList();
        }
        return PopulationFrames.keyed(spark, space, asked).orderBy(PopulationFrames.INDEX).collectAsList().stream()
                .map(SparkRunner::candidate).toList();
    }

    private static Candidate candidate(Row keyed) {
        return new Candidate(keyed.getAs(Columns.CANONICAL_KEY), keyed.getAs(Columns.ARCH), PopulationFrames.genome(keyed));
    }

    @Override
    public List<Trial> evaluate(List<Candidate> candidates, int rung, int generation) {
        Evaluator evaluator = evaluators.get(rung).value();
        if (lookupsOnDriver && evaluator.isLookup()) {
            return PopulationFrames.evaluateHere(evaluator, candidates.iterator(), space, costs, runId, generation, "driver")
                    .stream().map(TrialRows::of).toList();
        }
        return PopulationFrames.evaluate(spark, candidates, evaluators.get(rung), space, costs, runId, generation).stream()
                .map(TrialRows::of).toList();
    }
}
