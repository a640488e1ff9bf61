package io.sparknas.predictor;

import io.sparknas.population.Architecture;

import java.util.List;

/** Row-major float matrices, the layout XGBoost reads. */
final class FeatureMatrix {
    private FeatureMatrix() {
    }

    static float[] of(Featurizer featurizer, List<? extends Architecture> architectures) {
        int columns = featurizer.dimension();
        float[] matrix = new float[architectures.size() * columns];
        for (int row = 0; row < architectures.size(); row++) {
            copyRow(featurizer.features(architectures.get(row)), matrix, row, columns, featurizer.name());
        }
        return matrix;
    }

    static float[] ofRow(double[] features, int columns, String featurizer) {
        float[] row = new float[columns];
        copyRow(features, row, 0, columns, featurizer);
        return row;
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
