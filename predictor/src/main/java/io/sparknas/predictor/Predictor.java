package io.sparknas.predictor;

import java.io.Serializable;

/** A trained, immutable model that predicts a metric from an architecture's features. */
public interface Predictor extends Serializable {

    /** What the model predicts, e.g. {@code cifar10_valid_val_acc}. */
    String target();

    double predict(double[] features);
}
