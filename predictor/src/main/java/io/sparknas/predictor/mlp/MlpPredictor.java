package io.sparknas.predictor.mlp;

import io.sparknas.population.Architecture;
import io.sparknas.predictor.Predictor;
import io.sparknas.predictor.PredictorProvenance;
import io.sparknas.predictor.features.FeatureMatrix;
import io.sparknas.predictor.features.Featurizer;

import java.util.List;

/**
 * A trained MLP ({@link MlpTrainer} or {@link PretrainedMlpTrainer}). Immutable and serialisable:
 * the network travels as bytes together with the feature and target standardisation.
 */
public final class MlpPredictor implements Predictor {
    private static final long serialVersionUID = 1L;
    private final MlpModel model;
    private final Featurizer featurizer;
    private final PredictorProvenance provenance;

    MlpPredictor(MlpModel model, Featurizer featurizer, PredictorProvenance provenance) {
        if (model.outputs() != 1 || model.inputs() != featurizer.dimension()) {
            throw new IllegalArgumentException("an MLP predictor needs 1 output and " + featurizer.dimension()
                    + " inputs, got " + model.outputs() + " and " + model.inputs());
        }
        this.model = model;
        this.featurizer = featurizer;
        this.provenance = provenance;
    }

    @Override
    public double predict(double[] features) {
        if (features.length != featurizer.dimension()) {
            throw new IllegalArgumentException("expected " + featurizer.dimension() + " features of "
                    + featurizer.name() + ", got " + features.length);
        }
        return model.predict(new double[][] {features})[0][0];
    }

    @Override
    public double[] predictAll(List<? extends Architecture> architectures) {
        double[][] out = model.predict(FeatureMatrix.rows(featurizer, architectures));
        double[] values = new double[out.length];
        for (int i = 0; i < out.length; i++) {
            values[i] = out[i][0];
        }
        return values;
    }

    /** Per-feature mean of the training rows (the standardisation the network expects). */
    public double[] featureMeans() {
        return model.inputStandardizer().means();
    }

    /** Per-feature standard deviation of the training rows (1 for constant features). */
    public double[] featureScales() {
        return model.inputStandardizer().scales();
    }

    @Override
    public PredictorProvenance provenance() {
        return provenance;
    }

    @Override
    public Featurizer featurizer() {
        return featurizer;
    }

    @Override
    public String toString() {
        return "MlpPredictor" + provenance;
    }
}
