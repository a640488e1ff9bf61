package io.sparknas.hardware;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealVector;

import java.io.Serializable;

/** Least squares with an L2 penalty on the weights; the intercept is left unpenalised by centring. */
final class RidgeRegression {

    private RidgeRegression() {
    }

    /** An immutable fitted linear function {@code intercept + weights · x}. */
    static final class LinearFit implements Serializable {
        private static final long serialVersionUID = 1L;
        private final double intercept;
        private final double[] weights;

        LinearFit(double intercept, double[] weights) {
            this.intercept = intercept;
            this.weights = weights.clone();
        }

        double predict(double[] x) {
            double sum = intercept;
            for (int j = 0; j < weights.length; j++) {
                sum += weights[j] * x[j];
            }
            return sum;
        }

        double intercept() {
            return intercept;
        }

        double[] weights() {
            return weights.clone();
        }
    }

    /**
     * Solves {@code (XcᵀXc + λI) w = Xcᵀ(y − ȳ)} on centred features.
     *
     * @throws IllegalArgumentException when the system is singular (λ = 0 and too few or too similar rows)
     */
    static LinearFit fit(double[][] x, double[] y, double lambda) {
        int n = x.length;
        int p = x[0].length;
        double[] xMean = new double[p];
        double yMean = 0;
        for (int i = 0; i < n; i++) {
            yMean += y[i] / n;
            for (int j = 0; j < p; j++) {
                xMean[j] += x[i][j] / n;
            }
        }
        double[][] gram = new double[p][p];
        double[] moment = new double[p];
        double[] centred = new double[p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                centred[j] = x[i][j] - xMean[j];
            }
            for (int j = 0; j < p; j++) {
                moment[j] += centred[j] * (y[i] - yMean);
                for (int k = 0; k < p; k++) {
                    gram[j][k] += centred[j] * centred[k];
                }
            }
        }
        for (int j = 0; j < p; j++) {
            gram[j][j] += lambda;
        }
        RealVector w;
        try {
            w = new CholeskyDecomposition(new Array2DRowRealMatrix(gram, false)).getSolver()
                    .solve(new ArrayRealVector(moment, false));
        } catch (NonPositiveDefiniteMatrixException e) {
            throw new IllegalArgumentException("ridge system is singular with lambda=" + lambda + " on " + n
                    + " rows of " + p + " features: use a positive lambda or more varied rows", e);
        }
        double[] weights = w.toArray();
        double intercept = yMean;
        for (int j = 0; j < p; j++) {
            intercept -= weights[j] * xMean[j];
        }
        return new LinearFit(intercept, weights);
    }
}
