package io.sparknas.predictor.features;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-column shift and scale fitted on training rows. Networks train far better on zero-mean,
 * unit-variance inputs and targets; the predictor keeps the fitted values so unseen rows and
 * predictions are mapped the same way. Shared by the network backends ({@code mlp}, {@code gcn}).
 */
public final class Standardizer implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Columns that are constant in the training rows keep scale 1, so they stay finite (and 0). */
    private static final double MIN_SCALE = 1e-8;
    private final double[] mean;
    private final double[] scale;

    private Standardizer(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    public static Standardizer fit(double[][] rows) {
        return fit(rows, MIN_SCALE);
    }

    /**
     * With a scale floor: a rare indicator (present in 1 of 100 rows, std 0.1) would otherwise
     * become ±10 on the unseen rows that have it, and dominate the network's input.
     */
    public static Standardizer fit(double[][] rows, double minScale) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("cannot standardise zero rows");
        }
        int columns = rows[0].length;
        double[] mean = new double[columns];
        double[] scale = new double[columns];
        for (double[] row : rows) {
            for (int c = 0; c < columns; c++) {
                mean[c] += row[c];
            }
        }
        for (int c = 0; c < columns; c++) {
            mean[c] /= rows.length;
        }
        for (double[] row : rows) {
            for (int c = 0; c < columns; c++) {
                scale[c] += (row[c] - mean[c]) * (row[c] - mean[c]);
            }
        }
        for (int c = 0; c < columns; c++) {
            double std = Math.sqrt(scale[c] / rows.length);
            scale[c] = std < MIN_SCALE ? 1.0 : Math.max(std, minScale);
        }
        return new Standardizer(mean, scale);
    }

    /** One column, e.g. a target. */
    public static Standardizer fit(double[] values) {
        double[][] rows = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            rows[i] = new double[] {values[i]};
        }
        return fit(rows);
    }

    public int columns() {
        return mean.length;
    }

    /** Row-major float matrix of the standardised rows. */
    public float[][] apply(double[][] rows) {
        float[][] out = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != mean.length) {
                throw new IllegalArgumentException("expected " + mean.length + " columns, got " + rows[r].length);
            }
            out[r] = new float[mean.length];
            for (int c = 0; c < mean.length; c++) {
                out[r][c] = (float) ((rows[r][c] - mean[c]) / scale[c]);
            }
        }
        return out;
    }

    public float[] apply(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) ((values[i] - mean[0]) / scale[0]);
        }
        return out;
    }

    public double invert(double standardised, int column) {
        return standardised * scale[column] + mean[column];
    }

    public double[] means() {
        return mean.clone();
    }

    public double[] scales() {
        return scale.clone();
    }

    @Override
    public String toString() {
        return "Standardizer[mean=" + Arrays.toString(mean) + ", scale=" + Arrays.toString(scale) + "]";
    }
}
