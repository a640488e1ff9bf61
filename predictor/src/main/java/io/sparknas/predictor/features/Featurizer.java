package io.sparknas.predictor.features;

import io.sparknas.population.Architecture;

import java.io.Serializable;
import java.util.List;

/**
 * Turns an architecture into a fixed-length numeric vector. Implementations are stateless and
 * serialisable so a predictor can carry its featurizer to wherever it is used.
 */
public interface Featurizer extends Serializable {

    /** Stable identifier recorded in every predictor's provenance, e.g. {@code nb201-onehot}. */
    String name();

    int dimension();

    /** One name per feature, in vector order ({@link #dimension()} of them). */
    List<String> featureNames();

    double[] features(Architecture architecture);
}
