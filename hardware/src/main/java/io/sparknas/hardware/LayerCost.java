package io.sparknas.hardware;

import java.io.Serializable;

/** Parameters, multiply-adds and output elements of one layer or of a sum of layers. */
record LayerCost(double params, double flops, double activations) implements Serializable {
    static final LayerCost ZERO = new LayerCost(0, 0, 0);

    LayerCost plus(LayerCost other) {
        return new LayerCost(params + other.params, flops + other.flops, activations + other.activations);
    }

    LayerCost times(double factor) {
        return new LayerCost(params * factor, flops * factor, activations * factor);
    }

    /** Conv (no bias) over an output of {@code cout × hout × hout}, optionally followed by an affine BN. */
    static LayerCost conv(int kernel, int cin, int cout, int hout, boolean batchNorm) {
        double weights = (double) kernel * kernel * cin * cout;
        double outputs = (double) cout * hout * hout;
        return new LayerCost(weights + (batchNorm ? 2.0 * cout : 0), weights * hout * hout, outputs);
    }

    /** Average pool with a {@code kernel × kernel} window producing {@code channels × hout × hout}. */
    static LayerCost avgPool(int kernel, int channels, int hout) {
        double outputs = (double) channels * hout * hout;
        return new LayerCost(0, (double) kernel * kernel * outputs, outputs);
    }

    /** A BN layer on its own: only its affine parameters count (no FLOPs, computed in place). */
    static LayerCost batchNorm(int channels) {
        return new LayerCost(2.0 * channels, 0, 0);
    }

    /**
     * Global average pool: its output counts as an activation, but not its FLOPs: the reference
     * counts (nb201-arch-costs) leave it out, and matching them for every cell is the contract.
     */
    static LayerCost globalAvgPool(int channels) {
        return new LayerCost(0, 0, channels);
    }

    /** Fully connected layer with bias. */
    static LayerCost linear(int in, int out) {
        return new LayerCost((double) in * out + out, (double) in * out, out);
    }
}
