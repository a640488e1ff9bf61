package io.sparknas.jobs.predictors;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.Names;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.predictor.xgboost.XgboostSettings;

/** The {@code predictor.*} keys of train-predictor, checked. */
record TrainPredictorSettings(String kind, String target, String space, String evaluator, String fidelity,
                              double holdout, int minTrain, long seed, String id, int sparkThreshold,
                              int sparkWorkers, XgboostSettings xgboost) {

    static TrainPredictorSettings from(NasConfig config) {
        double holdout = config.getDouble("predictor.holdout");
        if (!(holdout >= 0 && holdout < 1)) {
            throw new BadInputException("config key 'predictor.holdout' must be in [0, 1), got " + holdout);
        }
        int minTrain = config.getInt("predictor.min-train");
        if (minTrain < 2) {
            throw new BadInputException("config key 'predictor.min-train' must be >= 2, got " + minTrain);
        }
        int sparkWorkers = config.getInt("predictor.spark-workers");
        if (sparkWorkers < 0) {
            throw new BadInputException("config key 'predictor.spark-workers' must be >= 0, got " + sparkWorkers);
        }
        // empty: an id derived from the settings; anything else becomes a folder name, so it must be a plain name
        String id = config.getString("predictor.id");
        if (!id.isEmpty()) {
            Names.check("config key 'predictor.id'", id);
        }
        return new TrainPredictorSettings(config.getRequiredString("predictor.kind"),
                config.getRequiredString("predictor.target"), config.getRequiredString("predictor.space"),
                config.getRequiredString("predictor.evaluator"), config.getRequiredString("predictor.fidelity"),
                holdout, minTrain, config.getLong("predictor.seed"), id, config.getPositiveInt("predictor.spark-threshold"),
                sparkWorkers, XgboostKeys.read(config, XgboostKeys.PREDICTOR));
    }
}
