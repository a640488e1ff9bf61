package io.sparknas.predictor.mlp;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * A linear read-out {@code y ≈ w·h + b} fitted in closed form with an L2 penalty on {@code w}. The
 * pretrained MLP uses it as its new output layer before fine-tuning ("linear probe, then
 * fine-tune"): a randomly initialised head would send large, meaningless gradients into the
 * pretrained layers during the first steps and wash out what pretraining learned.
 *
 * @param weights   one per input column
 * @param intercept the constant term (not penalised)
 */
record RidgeHead(double[] weights, double intercept) {

    /**
     * @param rows   {@code [row][column]} inputs, e.g. the last hidden layer's activations
     * @param target one value per row
     * @param ridge  penalty per row: the normal equations get {@code ridge × rows} on the diagonal,
     *               so the same value means the same shrinkage at 25 and 400 rows
     */
    static RidgeHead fit(double[][] rows, double[] target, double ridge) {
        if (rows.length == 0 || rows.length != target.length) {
            throw new IllegalArgumentException("ridge head needs paired rows and targets, got " + rows.length
                    + " and " + target.length);
        }
        if (!(ridge > 0)) {
            throw new IllegalArgumentException("ridge must be > 0, got " + ridge);
        }
        int n = rows.length;
        int d = rows[0].length;
        double[] meanX = new double[d];
        double meanY = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                meanX[c] += rows[r][c] / n;
            }
            meanY += target[r] / n;
        }
        RealMatrix gram = new Array2DRowRealMatrix(d, d);
        RealVector moment = new ArrayRealVector(d);
        for (int r = 0; r < n; r++) {
            double y = target[r] - meanY;
            for (int i = 0; i < d; i++) {
                double xi = rows[r][i] - meanX[i];
                moment.addToEntry(i, xi * y);
                for (int j = 0; j < d; j++) {
                    gram.addToEntry(i, j, xi * (rows[r][j] - meanX[j]));
                }
            }
        }
        for (int i = 0; i < d; i++) {
            gram.addToEntry(i, i, ridge * n);
        }
        double[] w = new CholeskyDecomposition(gram, 1e-12, 1e-12).getSolver().solve(moment).toArray();
        double b = meanY;
        for (int c = 0; c < d; c++) {
            b -= w[c] * meanX[c];
        }
        return new RidgeHead(w, b);
    }
}
