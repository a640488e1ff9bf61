package io.sparknas.predictor;

import io.sparknas.population.Architecture;
import io.sparknas.predictor.features.Featurizer;

import java.io.Serializable;
import java.util.List;

/**
 * A trained, immutable model that predicts a metric from an architecture's features, and records
 * what it was trained on.
 */
public interface Predictor extends Serializable {

    /** What the model predicts, e.g. {@code cifar10_valid_val_acc}. */
    default String target() {
        return provenance().target();
    }

    double predict(double[] features);

    /** Kind, target, featurizer, training rows, seed and training time. */
    PredictorProvenance provenance();

    /** The featurizer whose vectors {@link #predict(double[])} expects. */
    Featurizer featurizer();

    default double predict(Architecture architecture) {
        return predict(featurizer().features(architecture));
    }

    /** One prediction per architecture, in order; implementations batch where that is cheaper. */
    default double[] predictAll(List<? extends Architecture> architectures) {
        return architectures.stream().mapToDouble(this::predict).toArray();
    }
}
