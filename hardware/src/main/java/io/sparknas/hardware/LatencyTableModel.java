package io.sparknas.hardware;

import io.sparknas.population.Architecture;
import io.sparknas.population.space.Nb201Cell;

import java.util.Arrays;
import java.util.List;

/**
 * Latency of NB201 cells on one device, learnt from a small table of measured (cell, ms) rows:
 * {@code latency ≈ b + Σ_op w[op] · (number of edges holding op)} by ridge least squares
 * ({@link LatencyFeatures#OP_COUNTS}). The per-edge additive model
 * ({@link LatencyFeatures#PER_EDGE_OPS}) is available for comparison.
 *
 * <p>Why this shape: on the 15 HELP desktop-GPU columns, fitted on 100 random cells and ranked on the
 * other 15,525 (LatencyTableModelHelpTest), the per-edge additive model reaches a mean Spearman of
 * 0.981 and op counts 0.988. During development a lookup of the mean latency of every op multiset,
 * fitted on all cells, reached only 0.989, so what is left is mostly measurement noise; a
 * log-latency fit, squared counts, pairwise edge terms and live-edge counts measured no better, and
 * FLOPs or params add nothing, being linear functions of the op counts.
 *
 * <p>Immutable after {@link #fit}; serialisable, so it can be shipped to Spark executors.
 */
public final class LatencyTableModel implements CostModel {
    private static final long serialVersionUID = 1L;
    /** Small next to the ~100 rows a table typically has: it only steadies ops that are rare in the rows. */
    public static final double DEFAULT_LAMBDA = 1.0;

    private final String device;
    private final LatencyFeatures features;
    private final double lambda;
    private final int nTrain;
    private final RidgeRegression.LinearFit fit;

    private LatencyTableModel(String device, LatencyFeatures features, double lambda, int nTrain,
                              RidgeRegression.LinearFit fit) {
        this.device = device;
        this.features = features;
        this.lambda = lambda;
        this.nTrain = nTrain;
        this.fit = fit;
    }

    public static LatencyTableModel fit(String device, List<Nb201Cell> cells, double[] latencyMs) {
        return fit(device, cells, latencyMs, DEFAULT_LAMBDA);
    }

    public static LatencyTableModel fit(String device, List<Nb201Cell> cells, double[] latencyMs, double lambda) {
        return fit(device, cells, latencyMs, lambda, LatencyFeatures.OP_COUNTS);
    }

    /**
     * @param device    the device column name, e.g. {@code lat_ms_titan_rtx_256}; becomes {@link #name()}
     * @param latencyMs measured latency of {@code cells.get(i)} in milliseconds, finite and positive
     * @param lambda    ridge penalty on the weights (not the intercept), {@code >= 0}
     * @throws IllegalArgumentException on empty or mismatched inputs, bad values, or a singular fit
     */
    public static LatencyTableModel fit(String device, List<Nb201Cell> cells, double[] latencyMs, double lambda,
                                        LatencyFeatures features) {
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("device name must not be blank");
        }
        if (cells == null || latencyMs == null || cells.isEmpty()) {
            throw new IllegalArgumentException(device + ": need at least one measured cell");
        }
        if (cells.size() != latencyMs.length) {
            throw new IllegalArgumentException(device + ": " + cells.size() + " cells but " + latencyMs.length
                    + " latencies");
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException(device + ": ridge lambda must be finite and >= 0, got " + lambda);
        }
        if (features == null) {
            throw new IllegalArgumentException(device + ": features must not be null");
        }
        double[][] x = new double[cells.size()][];
        for (int i = 0; i < x.length; i++) {
            if (!(latencyMs[i] > 0) || Double.isInfinite(latencyMs[i])) {
                throw new IllegalArgumentException(device + ": latency of row " + i + " (" + cells.get(i)
                        + ") must be finite and positive, got " + latencyMs[i]);
            }
            x[i] = features.of(cells.get(i));
        }
        return new LatencyTableModel(device, features, lambda, x.length,
                RidgeRegression.fit(x, latencyMs.clone(), lambda));
    }

    /** Predicted latency in milliseconds. */
    public double predict(Nb201Cell cell) {
        return fit.predict(features.of(cell));
    }

    @Override
    public double cost(Architecture architecture) {
        return predict(CellOps.requireNb201(architecture, name()));
    }

    /** The device column name the model was fitted for. */
    @Override
    public String name() {
        return device;
    }

    public int nTrain() {
        return nTrain;
    }

    public double lambda() {
        return lambda;
    }

    public LatencyFeatures features() {
        return features;
    }

    @Override
    public String toString() {
        return "LatencyTableModel[" + device + ", " + features + ", lambda=" + lambda + ", nTrain=" + nTrain
                + ", intercept=" + fit.intercept() + " ms, weights=" + Arrays.toString(fit.weights()) + "]";
    }
}
