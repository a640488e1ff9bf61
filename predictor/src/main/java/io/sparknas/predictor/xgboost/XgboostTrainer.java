package io.sparknas.predictor.xgboost;

import io.sparknas.predictor.PredictorProvenance;
import io.sparknas.predictor.PredictorTrainer;
import io.sparknas.predictor.TrainingSet;
import io.sparknas.predictor.features.FeatureMatrix;
import io.sparknas.predictor.features.Featurizer;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.Map;

/** Gradient-boosted trees (XGBoost's Booster API, on the driver) over one featurizer's vectors. */
public final class XgboostTrainer implements PredictorTrainer {
    public static final String KIND = "xgboost";
    private final Featurizer featurizer;
    private final XgboostSettings settings;

    public XgboostTrainer(Featurizer featurizer, XgboostSettings settings) {
        if (featurizer == null || settings == null) {
            throw new IllegalArgumentException("XgboostTrainer needs a featurizer and settings");
        }
        this.featurizer = featurizer;
        this.settings = settings;
    }

    public XgboostTrainer(Featurizer featurizer) {
        this(featurizer, XgboostSettings.DEFAULTS);
    }

    public Featurizer featurizer() {
        return featurizer;
    }

    public XgboostSettings settings() {
        return settings;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public XgboostPredictor fit(TrainingSet rows, long seed) {
        long start = System.nanoTime();
        float[] matrix = FeatureMatrix.of(featurizer, rows.architectures());
        float[] labels = new float[rows.size()];
        double[] values = rows.values();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (float) values[i];
        }
        DMatrix train = null;
        Booster booster = null;
        try {
            train = new DMatrix(matrix, rows.size(), featurizer.dimension(), Float.NaN);
            train.setLabel(labels);
            booster = XGBoost.train(train, settings.boosterParams(seed), settings.rounds(), Map.of(), null, null);
            byte[] model = booster.toByteArray("ubj");
            PredictorProvenance provenance = PredictorProvenance.of(KIND, featurizer, rows, seed, start);
            return new XgboostPredictor(model, featurizer, provenance);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost training failed on " + rows + ": " + e.getMessage(), e);
        } finally {
            // Native memory: free it now rather than whenever the finaliser runs.
            if (booster != null) {
                booster.dispose();
            }
            if (train != null) {
                train.dispose();
            }
        }
    }

    @Override
    public String toString() {
        return "XgboostTrainer[" + featurizer.name() + ", " + settings + "]";
    }
}
