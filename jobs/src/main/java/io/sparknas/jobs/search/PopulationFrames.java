package io.sparknas.jobs.search;

import io.sparknas.jobs.engine.CostMetrics;
import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.Evaluator;
import io.sparknas.jobs.engine.Trial;
import io.sparknas.jobs.store.Columns;
import io.sparknas.population.Genome;
import io.sparknas.population.SearchSpace;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A generation's candidates as a Spark Dataset: keyed and evaluated in parallel on the executors. */
public final class PopulationFrames {
    /** One line per evaluated candidate: in executor logs on a cluster, off in conf/log4j2.properties (local runs). */
    private static final Logger LOG = LoggerFactory.getLogger("io.sparknas.tasks");
    static final String INDEX = "idx";
    static final StructType ASKED = new StructType()
            .add(INDEX, DataTypes.IntegerType, false)
            .add(Columns.GENOME, DataTypes.createArrayType(DataTypes.IntegerType, false), false);
    static final StructType KEYED = ASKED
            .add(Columns.ARCH, DataTypes.StringType, false)
            .add(Columns.CANONICAL_KEY, DataTypes.StringType, false);

    private PopulationFrames() {
    }

    /** The asked genomes with their string form and canonical key, computed on the executors. */
    static Dataset<Row> keyed(SparkSession spark, SearchSpace space, List<Genome> asked) {
        List<Row> rows = new ArrayList<>(asked.size());
        for (int i = 0; i < asked.size(); i++) {
            rows.add(RowFactory.create(i, asked.get(i).toArray()));
        }
        return spark.createDataFrame(rows, ASKED).mapPartitions((MapPartitionsFunction<Row, Row>) it -> {
            List<Row> out = new ArrayList<>();
            while (it.hasNext()) {
                Row row = it.next();
                Candidate candidate = Candidate.of(space, genome(row));
                out.add(RowFactory.create(row.<Integer>getAs(INDEX), row.getAs(Columns.GENOME), candidate.arch(),
                        candidate.canonicalKey()));
            }
            return out.iterator();
        }, Encoders.row(KEYED));
    }

    static Genome genome(Row row) {
        List<Integer> genes = row.getList(row.fieldIndex(Columns.GENOME));
        return Genome.of(genes.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Evaluates the candidates on the executors, one candidate per task so the scheduler balances
     * uneven training times (or up to {@link Evaluator#candidatesPerTask()} per task, never fewer tasks than
     * cores: {@link #tasks}), and returns the rows for the {@code evaluations} table (collected on the
     * driver so each evaluation runs exactly once). Each task gives the evaluator the CPUs Spark
     * reserved for it ({@code spark.task.cpus}): concurrent tasks never oversubscribe the cores.
     */
    public static List<Row> evaluate(SparkSession spark, List<Candidate> candidates, Broadcast<Evaluator> evaluator,
                              SearchSpace space, CostMetrics costs, String runId, int generation) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        return JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(candidates, tasks(candidates.size(), evaluator.value().candidatesPerTask(),
                        spark.sparkContext().defaultParallelism())).mapPartitions(it -> {
                    Evaluator local = evaluator.value();
                    TaskContext task = TaskContext.get();
                    local.useThreads(task == null ? 1 : task.cpus());
                    String executor = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
                    return evaluateHere(local, it, space, costs, runId, generation, executor).iterator();
                }).collect();
    }

    /**
     * The tasks {@code candidates} are split into: one each when {@code perTask} is 1, else as many as it takes
     * to give no task more than {@code perTask}, but never fewer than {@code cores} (nor than one per candidate).
     */
    static int tasks(int candidates, int perTask, int cores) {
        if (perTask <= 1) {
            return candidates;
        }
        int needed = (int) Math.ceil(candidates / (double) perTask);
        return Math.max(needed, Math.min(candidates, Math.max(1, cores)));
    }

    /**
     * What each task does with its candidates, also the driver's way for a lookup evaluator
     * ({@link Evaluator#isLookup}): evaluate each, add the analytic costs, make the {@code evaluations} row.
     */
    static List<Row> evaluateHere(Evaluator local, java.util.Iterator<Candidate> candidates, SearchSpace space,
                                  CostMetrics costs, String runId, int generation, String executor) {
        List<Row> out = new ArrayList<>();
        while (candidates.hasNext()) {
            Candidate candidate = candidates.next();
            // in the executor's log: which task was on which candidate when an executor is lost
            LOG.info("evaluating {} (run {}, generation {}) on executor {}", candidate.canonicalKey(), runId,
                    generation, executor);
            for (EvaluationResult result : local.evaluate(List.of(candidate))) {
                // step 4: the hardware costs the goals name are stored with the evaluation
                Map<String, Double> metrics = costs.addTo(result.metrics(), space.decode(candidate.genome()));
                // with its schema, so that readers address columns by name as on rows read from the store
                out.add(TrialRows.row(Trial.of(result, metrics, local, runId, generation, executor,
                        new Timestamp(System.currentTimeMillis()))));
            }
        }
        return out;
    }

}
