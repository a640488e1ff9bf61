package io.sparknas.predictor;

import io.sparknas.population.space.MobileNetSpace;
import io.sparknas.predictor.ensemble.EnsembleTrainer;
import io.sparknas.predictor.features.MobileNetFeatures;
import io.sparknas.predictor.xgboost.XgboostSettings;
import io.sparknas.predictor.xgboost.XgboostTrainer;

/** The predictor kinds of the macro space: XGBoost (and its bootstrap ensemble) over {@link MobileNetFeatures}. */
public final class MobileNetPredictors {
    public static final String XGBOOST = Nb201Predictors.XGBOOST;
    public static final String XGBOOST_ENSEMBLE = Nb201Predictors.XGBOOST_ENSEMBLE;

    private MobileNetPredictors() {
    }

    public static XgboostTrainer xgboost(MobileNetSpace space, XgboostSettings settings) {
        return new XgboostTrainer(new MobileNetFeatures(space), settings);
    }

    public static PredictorTrainer byKind(MobileNetSpace space, String kind, XgboostSettings xgboost) {
        return switch (kind == null ? "" : kind) {
            case XGBOOST -> xgboost(space, xgboost);
            case XGBOOST_ENSEMBLE -> new EnsembleTrainer(xgboost(space, xgboost), Nb201Predictors.ENSEMBLE_MEMBERS, true);
            default -> throw new IllegalArgumentException("unknown predictor kind '" + kind + "' for the "
                    + MobileNetSpace.NAME + " space (known: " + XGBOOST + ", " + XGBOOST_ENSEMBLE + ")");
        };
    }
}
