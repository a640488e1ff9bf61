package io.sparknas.hardware;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Latency of a cell on a new device, learnt from a few (~10) measured cells with other devices'
 * latencies as the prior (the HELP setting: Lee et al., NeurIPS 2021, solve it by meta-learning;
 * this is the plain alternative). The features of a cell are the source devices' z-scored log
 * latencies ({@link LatencyPrior}); the target's log latency is a ridge regression on them, its
 * penalty picked from {@link #LAMBDAS} by leave-one-out error on the measured cells.
 *
 * <p>Why this shape: in a leave-one-device-out run over the 15 HELP desktop-GPU columns (K = 10,
 * 5 draws; benchmarks/2026-12-06-few-shot-latency.md), this reached a mean Spearman of about 0.98
 * against 0.965 for {@link LatencyTableModel} on op counts alone. During development, a fixed
 * penalty, latency instead of log latency as the target, adding the op counts, the first 1 to 4
 * principal components of the sources instead of the sources, and the single best-correlated source
 * measured no better or worse (within 0.002 for the best of them).
 *
 * <p>The target device must not be one of the sources: {@link #fit} refuses it by name. Immutable;
 * serialisable.
 */
public final class FewShotLatencyModel implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The ridge penalties tried on the z-scored features. */
    static final double[] LAMBDAS = {1e-3, 1e-2, 0.1, 0.3, 1, 3, 10, 30, 100};
    /** The penalty when there are too few cells (fewer than 3) to cross-validate. */
    static final double FALLBACK_LAMBDA = 1.0;

    private final String device;
    private final LatencyPrior prior;
    private final double lambda;
    private final int nTrain;
    private final RidgeRegression.LinearFit fit;

    private FewShotLatencyModel(String device, LatencyPrior prior, double lambda, int nTrain, RidgeRegression.LinearFit fit) {
        this.device = device;
        this.prior = prior;
        this.lambda = lambda;
        this.nTrain = nTrain;
        this.fit = fit;
    }

    /**
     * @param device     the target device, e.g. {@code lat_ms_titan_rtx_256}; must not be one of {@code prior}'s devices
     * @param priorMs    for each measured cell, the source devices' latencies (ms) in {@link LatencyPrior#devices()} order
     * @param latencyMs  the target device's measured latency of the same cells, finite and positive
     * @throws IllegalArgumentException on a blank device, a prior that holds the target, mismatched or bad inputs
     */
    public static FewShotLatencyModel fit(String device, LatencyPrior prior, double[][] priorMs, double[] latencyMs) {
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("device name must not be blank");
        }
        if (prior == null) {
            throw new IllegalArgumentException(device + ": prior must not be null");
        }
        if (prior.devices().contains(device)) {
            throw new IllegalArgumentException(device + ": the prior's source devices " + prior.devices()
                    + " include the target device itself");
        }
        if (priorMs == null || latencyMs == null || priorMs.length == 0) {
            throw new IllegalArgumentException(device + ": need at least one measured cell");
        }
        if (priorMs.length != latencyMs.length) {
            throw new IllegalArgumentException(device + ": " + priorMs.length + " prior rows but " + latencyMs.length
                    + " latencies");
        }
        int n = latencyMs.length;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            if (!(latencyMs[i] > 0) || Double.isInfinite(latencyMs[i])) {
                throw new IllegalArgumentException(device + ": latency of row " + i + " must be finite and positive, got "
                        + latencyMs[i]);
            }
            x[i] = prior.features(priorMs[i]);
            y[i] = Math.log(latencyMs[i]);
        }
        double lambda = n < 3 ? FALLBACK_LAMBDA : bestLambda(x, y);
        return new FewShotLatencyModel(device, prior, lambda, n, RidgeRegression.fit(x, y, lambda));
    }

    /** The penalty of {@link #LAMBDAS} with the least leave-one-out squared error (the smaller on a tie). */
    private static double bestLambda(double[][] x, double[] y) {
        double best = LAMBDAS[0];
        double bestError = Double.POSITIVE_INFINITY;
        for (double lambda : LAMBDAS) {
            double error = 0;
            for (int out = 0; out < y.length; out++) {
                double[][] xs = new double[y.length - 1][];
                double[] ys = new double[y.length - 1];
                for (int i = 0, k = 0; i < y.length; i++) {
                    if (i != out) {
                        xs[k] = x[i];
                        ys[k++] = y[i];
                    }
                }
                double residual = RidgeRegression.fit(xs, ys, lambda).predict(x[out]) - y[out];
                error += residual * residual;
            }
            if (error < bestError) {
                bestError = error;
                best = lambda;
            }
        }
        return best;
    }

    /** Predicted latency (ms) of a cell from the source devices' latencies of it, in {@link LatencyPrior#devices()} order. */
    public double predict(double[] priorMs) {
        return Math.exp(fit.predict(prior.features(priorMs)));
    }

    public String device() {
        return device;
    }

    public LatencyPrior prior() {
        return prior;
    }

    /** The ridge penalty the leave-one-out error picked. */
    public double lambda() {
        return lambda;
    }

    public int nTrain() {
        return nTrain;
    }

    @Override
    public String toString() {
        return "FewShotLatencyModel[" + device + ", " + prior + ", lambda=" + lambda + ", nTrain=" + nTrain
                + ", intercept=" + fit.intercept() + ", weights=" + Arrays.toString(fit.weights()) + "]";
    }
}
