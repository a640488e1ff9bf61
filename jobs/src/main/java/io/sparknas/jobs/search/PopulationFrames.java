package io.sparknas.jobs.search;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.Evaluator;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.Tables;
import io.sparknas.population.Genome;
import io.sparknas.population.SearchSpace;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A generation's candidates as a Spark Dataset: keyed and evaluated in parallel on the executors. */
final class PopulationFrames {
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
                out.add(RowFactory.create(row.getInt(0), row.get(1), candidate.arch(), candidate.canonicalKey()));
            }
            return out.iterator();
        }, Encoders.row(KEYED));
    }

    static Genome genome(Row row) {
        List<Integer> genes = row.getList(row.fieldIndex(Columns.GENOME));
        return Genome.of(genes.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Evaluates each distinct candidate once, one partition per task, and returns the rows for the
     * {@code evaluations} table. Collected on the driver so the evaluation runs exactly once.
     */
    static List<Row> evaluate(Dataset<Row> toEvaluate, Broadcast<Evaluator> evaluator, SearchSpace space, CostMetrics costs,
                              String runId, int generation, int parallelism) {
        Dataset<Row> distinct = toEvaluate.dropDuplicates(Columns.CANONICAL_KEY);
        return distinct.repartition(parallelism).mapPartitions((MapPartitionsFunction<Row, Row>) it -> {
            List<Row> out = new ArrayList<>();
            Evaluator local = evaluator.value();
            String executor = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
            while (it.hasNext()) {
                Row row = it.next();
                Candidate candidate = new Candidate(row.getString(3), row.getString(2), genome(row));
                for (EvaluationResult result : local.evaluate(List.of(candidate))) {
                    // step 4: the hardware costs the goals name are stored with the evaluation
                    Map<String, Double> metrics = costs.addTo(result.metrics(), space.decode(candidate.genome()));
                    out.add(toRow(result, metrics, local, runId, generation, executor));
                }
            }
            return out.iterator();
        }, Encoders.row(Tables.EVALUATIONS.schema())).collectAsList();
    }

    private static Row toRow(EvaluationResult r, Map<String, Double> metrics, Evaluator evaluator, String runId,
                             int generation, String executor) {
        return RowFactory.create(r.candidate().canonicalKey(), evaluator.name(), evaluator.fidelity(), r.seed(),
                runId, generation, r.candidate().arch(), Records.scalaMap(metrics),
                r.status().name(), r.reason(), r.wallTimeS(), executor, new Timestamp(System.currentTimeMillis()));
    }

}
