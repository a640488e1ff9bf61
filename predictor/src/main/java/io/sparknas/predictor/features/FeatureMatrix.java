package io.sparknas.predictor.features;

import io.sparknas.population.Architecture;

import java.util.List;

/**
 * The feature vectors of many architectures at once: row-major float matrices (the layout XGBoost
 * reads) and {@code [row][feature]} arrays (what the network backends standardise).
 */
public final class FeatureMatrix {
    private FeatureMatrix() {
    }

    public static float[] of(Featurizer featurizer, List<? extends Architecture> architectures) {
        int columns = featurizer.dimension();
        float[] matrix = new float[architectures.size() * columns];
        for (int row = 0; row < architectures.size(); row++) {
            copyRow(featurizer.features(architectures.get(row)), matrix, row, columns, featurizer.name());
        }
        return matrix;
    }

    public static float[] ofRow(double[] features, int columns, String featurizer) {
        float[] row = new float[columns];
        copyRow(features, row, 0, columns, featurizer);
        return row;
    }

    /** One feature vector per architecture, {@code [row][feature]}. */
    public static double[][] rows(Featurizer featurizer, List<? extends Architecture> architectures) {
        double[][] out = new double[architectures.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = featurizer.features(architectures.get(i));
        }
        return out;
    }

    private static void copyRow(double[] features, float[] matrix, int row, int columns, String featurizer) {
        if (features.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " features of " + featurizer + ", got "
                    + features.length);
        }
        for (int col = 0; col < columns; col++) {
            matrix[row * columns + col] = (float) features[col];
        }
    }
}
