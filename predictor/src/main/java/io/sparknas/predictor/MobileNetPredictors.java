package io.sparknas.predictor;

import io.sparknas.population.space.MobileNetSpace;
import io.sparknas.predictor.ensemble.EnsembleTrainer;
import io.sparknas.predictor.features.MobileNetFeatures;
import io.sparknas.predictor.xgboost.XgboostSettings;
import io.sparknas.predictor.xgboost.XgboostTrainer;

/**
 * How each predictor kind is built for the macro space: XGBoost (and its bootstrap ensemble) over
 * {@link MobileNetFeatures}. Which kind names exist is {@link PredictorKinds}' to say.
 */
public final class MobileNetPredictors {
    private MobileNetPredictors() {
    }

    public static XgboostTrainer xgboost(MobileNetSpace space, XgboostSettings settings) {
        return new XgboostTrainer(new MobileNetFeatures(space), settings);
    }

    /** Bootstrap members, so the spread reflects which architectures happened to be sampled. */
    public static EnsembleTrainer xgboostEnsemble(MobileNetSpace space, XgboostSettings settings) {
        return new EnsembleTrainer(xgboost(space, settings), Nb201Predictors.ENSEMBLE_MEMBERS, true);
    }
}
