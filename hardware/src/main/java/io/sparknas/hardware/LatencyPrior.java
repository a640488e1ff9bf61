package io.sparknas.hardware;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;

/**
 * Other devices' measured latencies of a cell, as the prior of a {@link FewShotLatencyModel}: the
 * source devices' names, and the mean and standard deviation of each one's log latency over a
 * reference set of cells (every cell the sources have measured, typically), so that a cell's source
 * latencies become z-scores on a common scale. Standardising uses the sources only, never the
 * target device.
 *
 * <p>Immutable; serialisable.
 */
public final class LatencyPrior implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> devices;
    private final double[] logMean;
    private final double[] logStd;

    private LatencyPrior(List<String> devices, double[] logMean, double[] logStd) {
        this.devices = devices;
        this.logMean = logMean;
        this.logStd = logStd;
    }

    /**
     * @param devices      the source devices, one per column of {@code latencyMsByRow}
     * @param latencyMsByRow the sources' latencies (ms) of the reference cells, one row per cell
     * @throws IllegalArgumentException on no devices or rows, duplicate names, ragged rows or non-positive values
     */
    public static LatencyPrior of(List<String> devices, double[][] latencyMsByRow) {
        if (devices == null || devices.isEmpty()) {
            throw new IllegalArgumentException("a latency prior needs at least one source device");
        }
        if (new HashSet<>(devices).size() != devices.size()) {
            throw new IllegalArgumentException("source devices repeat a name: " + devices);
        }
        if (latencyMsByRow == null || latencyMsByRow.length == 0) {
            throw new IllegalArgumentException("a latency prior needs at least one measured cell");
        }
        int p = devices.size();
        double[] mean = new double[p];
        double[] std = new double[p];
        int n = latencyMsByRow.length;
        for (double[] row : latencyMsByRow) {
            double[] logs = logs(devices, row);
            for (int j = 0; j < p; j++) {
                mean[j] += logs[j] / n;
            }
        }
        for (double[] row : latencyMsByRow) {
            double[] logs = logs(devices, row);
            for (int j = 0; j < p; j++) {
                std[j] += (logs[j] - mean[j]) * (logs[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < p; j++) {
            // a constant source carries no information: its z-score is 0 everywhere
            std[j] = std[j] > 0 ? Math.sqrt(std[j]) : 1;
        }
        return new LatencyPrior(List.copyOf(devices), mean, std);
    }

    /** The source devices' z-scored log latencies of one cell, in {@link #devices()} order. */
    double[] features(double[] latencyMs) {
        double[] z = logs(devices, latencyMs);
        for (int j = 0; j < z.length; j++) {
            z[j] = (z[j] - logMean[j]) / logStd[j];
        }
        return z;
    }

    private static double[] logs(List<String> devices, double[] latencyMs) {
        if (latencyMs == null || latencyMs.length != devices.size()) {
            throw new IllegalArgumentException("need one latency per source device " + devices + ", got "
                    + (latencyMs == null ? "none" : latencyMs.length));
        }
        double[] logs = new double[latencyMs.length];
        for (int j = 0; j < logs.length; j++) {
            if (!(latencyMs[j] > 0) || Double.isInfinite(latencyMs[j])) {
                throw new IllegalArgumentException("source device " + devices.get(j)
                        + ": latency must be finite and positive, got " + latencyMs[j]);
            }
            logs[j] = Math.log(latencyMs[j]);
        }
        return logs;
    }

    public List<String> devices() {
        return devices;
    }

    public int size() {
        return devices.size();
    }

    @Override
    public String toString() {
        return "LatencyPrior" + devices;
    }
}
