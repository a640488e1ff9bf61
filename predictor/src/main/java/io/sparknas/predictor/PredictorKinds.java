package io.sparknas.predictor;

import io.sparknas.population.SearchSpace;
import io.sparknas.population.space.MobileNetSpace;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.predictor.xgboost.XgboostSettings;

/** The predictor kinds of every search space: the one place that maps (space, kind name) to a trainer. */
public final class PredictorKinds {
    private PredictorKinds() {
    }

    /**
     * @param xgboost the shape of the XGBoost kinds' boosters
     * @throws IllegalArgumentException naming the kind (and the known ones) or the space
     */
    public static PredictorTrainer byKind(SearchSpace space, String kind, XgboostSettings xgboost) {
        if (space == null) {
            throw new IllegalArgumentException("predictor kinds need a search space");
        }
        if (Nb201Space.NAME.equals(space.name())) {
            return Nb201Predictors.byKind(kind, xgboost);
        }
        if (space instanceof MobileNetSpace mobilenet) {
            return MobileNetPredictors.byKind(mobilenet, kind, xgboost);
        }
        throw new IllegalArgumentException("no predictor kinds for search space '" + space.name() + "'");
    }
}
