package io.sparknas.predictor;

/** Fits a {@link Predictor}; the same rows and seed give the same predictor. */
public interface PredictorTrainer {

    /** The kind recorded in the predictors' provenance, e.g. {@code xgboost}. */
    String kind();

    Predictor fit(TrainingSet rows, long seed);
}
