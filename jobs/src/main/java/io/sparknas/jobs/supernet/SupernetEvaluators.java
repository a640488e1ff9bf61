package io.sparknas.jobs.supernet;

import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.supernet.SupernetEvaluator;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.search.TrainingEvaluators;
import io.sparknas.population.SearchSpace;

/** The {@code supernet} evaluator from {@code evaluator.supernet.*} and evaluator.dl4j-train's data, checked on the driver. */
public final class SupernetEvaluators {
    private SupernetEvaluators() {
    }

    /**
     * Opens the supernet of {@code evaluator.supernet.path}: a supernet of another space or dataset, a missing
     * folder, manifest or weights file, or corrupt weights is a one-line {@link io.sparknas.jobs.config.BadInputException}.
     */
    public static SupernetEvaluator from(org.apache.spark.sql.SparkSession spark, NasConfig config, SearchSpace space) {
        String path = SupernetSettings.PATH.get(config);
        if (path.isEmpty()) {
            throw SupernetSettings.PATH.error("is empty: set it to a supernet folder (bin/nas train-supernet prints it)");
        }
        DatasetSource data = TrainingEvaluators.dataset(spark, config);
        try {
            return SupernetEvaluator.open(path, space.name(), data, SupernetSettings.CALIBRATION_BATCHES.get(config),
                    SupernetSettings.BATCH_SIZE.get(config));
        } catch (IllegalArgumentException e) {
            throw SupernetSettings.PATH.error(path + ": " + e.getMessage(), e);
        }
    }
}
