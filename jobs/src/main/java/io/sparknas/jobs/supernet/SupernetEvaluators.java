package io.sparknas.jobs.supernet;

import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.supernet.SupernetEvaluator;
import io.sparknas.evaluation.supernet.SupernetWeights;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.search.TrainingEvaluators;
import io.sparknas.population.SearchSpace;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/** The {@code supernet} evaluator from {@code evaluator.supernet.*} and evaluator.dl4j-train's data, checked on the driver. */
public final class SupernetEvaluators {
    private SupernetEvaluators() {
    }

    /**
     * Opens the supernet of {@code evaluator.supernet.path}: a supernet of another space or dataset, a missing
     * folder, manifest or weights file, or corrupt weights is a one-line {@link io.sparknas.jobs.config.BadInputException}.
     */
    public static SupernetEvaluator from(SparkSession spark, NasConfig config, SearchSpace space) {
        String path = SupernetSettings.PATH.get(config);
        if (path.isEmpty()) {
            throw SupernetSettings.PATH.error("is empty: set it to a supernet folder (bin/nas train-supernet prints it)");
        }
        DatasetSource data = TrainingEvaluators.dataset(spark, config);
        SupernetEvaluator opened;
        try {
            opened = SupernetEvaluator.open(path, space.name(), data, SupernetSettings.CALIBRATION_BATCHES.get(config),
                    SupernetSettings.BATCH_SIZE.get(config));
        } catch (IllegalArgumentException e) {
            throw SupernetSettings.PATH.error(path + ": " + e.getMessage(), e);
        }
        return opened.withWeights(broadcast(spark, opened.weights()));
    }

    /** Broadcasts the weights file's bytes (read here, on the driver): every executor fetches them once. */
    static SupernetWeights broadcast(SparkSession spark, SupernetWeights weights) {
        return new BroadcastWeights(JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(weights.bytes()),
                weights.sha256());
    }

    /** Supernet weights carried by a Spark broadcast. */
    record BroadcastWeights(Broadcast<byte[]> bytesBroadcast, String sha256) implements SupernetWeights {
        @Override
        public byte[] bytes() {
            return bytesBroadcast.value();
        }

        @Override
        public String toString() {
            return "broadcast supernet weights " + sha256.substring(0, 12);
        }
    }
}
