package io.sparknas.jobs.bench.zerocost;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.dl4j.InputShape;
import io.sparknas.evaluation.dl4j.NativeThreads;
import io.sparknas.evaluation.dl4j.NetworkFactory;
import io.sparknas.evaluation.dl4j.ZeroCostEvaluator;
import io.sparknas.population.space.Nb201Space;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Scores NB201 cells with the zero-cost proxies on the executors: the cells travel as a Dataset,
 * each partition builds its networks (NB201 skeleton C = 16, N = 5 at the given input shape) and
 * scores its cells one at a time, with the native thread count capped per task.
 */
final class ProxyScoring {
    private static final Logger LOG = LoggerFactory.getLogger("io.sparknas.progress");
    static final String INDEX = "index";
    static final String ARCH = "arch";
    static final String DATA_PROXIES = "data_proxies";
    /** Scores: one column per proxy, named as in {@link ScoredCells#PROXIES}. */
    static final String SECONDS = "seconds";
    static final String FAILURE = "failure";
    static final String EXECUTOR = "executor";
    static final StructType CELLS = new StructType()
            .add(INDEX, DataTypes.IntegerType, false)
            .add(ARCH, DataTypes.StringType, false)
            .add(DATA_PROXIES, DataTypes.BooleanType, false);
    static final StructType SCORES = new StructType()
            .add(INDEX, DataTypes.IntegerType, false)
            .add("synflow", DataTypes.DoubleType, true)
            .add("naswot", DataTypes.DoubleType, true)
            .add("grad_norm", DataTypes.DoubleType, true)
            .add("snip", DataTypes.DoubleType, true)
            .add(SECONDS, DataTypes.DoubleType, false)
            .add(FAILURE, DataTypes.StringType, true)
            .add(EXECUTOR, DataTypes.StringType, false);

    private ProxyScoring() {
    }

    /** One row per cell, in index order; a cell whose network fails has a failure text and no scores. */
    static List<Row> score(SparkSession spark, List<Row> cells, InputShape shape, int batch, long seed, int partitions,
                           int threadsPerTask) {
        Dataset<Row> frame = spark.createDataFrame(cells, CELLS).repartition(partitions);
        List<Row> scored = frame.mapPartitions((MapPartitionsFunction<Row, Row>) it -> {
            NativeThreads.limit(threadsPerTask);
            Nb201Space space = new Nb201Space();
            ZeroCostEvaluator evaluator = new ZeroCostEvaluator(NetworkFactory.nb201Default(space), shape, batch, seed);
            String executor = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
            List<Row> out = new ArrayList<>();
            while (it.hasNext()) {
                Row cell = it.next();
                out.add(scoreOne(evaluator, space, cell, executor));
            }
            LOG.info("zero-cost: a partition of {} cells scored on executor {}", out.size(), executor);
            return out.iterator();
        }, Encoders.row(SCORES)).collectAsList();
        // Sorted here, not with orderBy: a range-partitioned sort samples its input with a job of its
        // own, which would run the whole scoring twice.
        List<Row> sorted = new ArrayList<>(scored);
        sorted.sort(Comparator.comparingInt(row -> row.getInt(row.fieldIndex(INDEX))));
        return sorted;
    }

    /** Synflow is kept when only the data proxies fail: the failure text says which part failed. */
    private static Row scoreOne(ZeroCostEvaluator evaluator, Nb201Space space, Row cell, String executor) {
        long start = System.nanoTime();
        Double synflow = null;
        Map<String, Double> data = Map.of();
        String failure = null;
        try {
            Candidate candidate = Candidate.of(space, space.parse(cell.getString(cell.fieldIndex(ARCH))));
            synflow = evaluator.synflow(candidate);
            if (cell.getBoolean(cell.fieldIndex(DATA_PROXIES))) {
                data = evaluator.dataProxies(candidate);
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            failure = (synflow == null ? "synflow: " : "data proxies: ") + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return RowFactory.create(cell.getInt(cell.fieldIndex(INDEX)), synflow, data.get("naswot"), data.get("grad_norm"), data.get("snip"),
                (System.nanoTime() - start) / 1e9, failure, executor);
    }
}
