package io.sparknas.predictor.mlp;

import io.sparknas.predictor.PredictorProvenance;
import io.sparknas.predictor.PredictorTrainer;
import io.sparknas.predictor.TrainingSet;
import io.sparknas.predictor.features.FeatureMatrix;
import io.sparknas.predictor.features.Featurizer;
import io.sparknas.predictor.features.Standardizer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** A small ReLU MLP (DL4J) on standardised features and a standardised target. */
public final class MlpTrainer implements PredictorTrainer {
    public static final String KIND = "mlp";
    /**
     * Indicator features are centred but not blown up: with scales below 1 allowed, rare path
     * indicators reached ±10 on unseen cells (Kendall τ at 100 cells 0.35 with, 0.47-0.49 without).
     */
    static final double INPUT_MIN_SCALE = 1.0;
    private final Featurizer featurizer;
    private final MlpSettings settings;

    public MlpTrainer(Featurizer featurizer, MlpSettings settings) {
        if (featurizer == null || settings == null) {
            throw new IllegalArgumentException("MlpTrainer needs a featurizer and settings");
        }
        this.featurizer = featurizer;
        this.settings = settings;
    }

    public Featurizer featurizer() {
        return featurizer;
    }

    public MlpSettings settings() {
        return settings;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public MlpPredictor fit(TrainingSet rows, long seed) {
        long start = System.nanoTime();
        double[][] features = FeatureMatrix.rows(featurizer, rows.architectures());
        Standardizer inputs = Standardizer.fit(features, INPUT_MIN_SCALE);
        Standardizer target = Standardizer.fit(rows.values());
        MultiLayerNetwork network = MlpNetworks.build(featurizer.dimension(), 1, settings, seed);
        MlpNetworks.train(network, inputs.apply(features), MlpNetworks.column(target.apply(rows.values())),
                settings.steps(), settings.batchSize(), seed);
        MlpModel model = new MlpModel(network, inputs, target);
        return new MlpPredictor(model, featurizer, PredictorProvenance.of(KIND, featurizer, rows, seed, start));
    }

    @Override
    public String toString() {
        return "MlpTrainer[" + featurizer.name() + ", " + settings + "]";
    }
}
