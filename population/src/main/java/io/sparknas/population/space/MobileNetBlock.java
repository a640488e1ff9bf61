package io.sparknas.population.space;

/**
 * One decoded inverted-residual block of a {@link MobileNetArchitecture}, with every size resolved:
 * {@code [Conv1x1 in → expanded] → DWConv kernel×kernel (stride) → Conv1x1 expanded → out}.
 *
 * @param expandedChannels {@code expansion · inChannels}: the width of the depthwise convolution
 */
public record MobileNetBlock(int inChannels, int expandedChannels, int outChannels, int kernel, int expansion,
                             int stride, int inputResolution, int outputResolution) {

    /** An expansion of 1 would be a 1×1 conv from C to C before the depthwise one; like MobileNetV2 we skip it. */
    public boolean hasExpansionConv() {
        return expansion != 1;
    }

    /** The input is added to the output only where their shapes agree. */
    public boolean hasResidual() {
        return stride == 1 && inChannels == outChannels;
    }

    /** See {@link #effectiveKernel(int, int, int)}. */
    public int effectiveKernel() {
        return effectiveKernel(kernel, inputResolution, stride);
    }

    /**
     * The smallest kernel whose depthwise convolution computes the same function family as one of
     * {@code kernel} here. With "same" padding, output i reads inputs {@code i·stride + d} for offsets
     * {@code |d| ≤ kernel / 2}; offsets beyond {@code reach = max(H_in − 1, (H_out − 1)·stride)} only
     * ever meet padding zeros, so their weights never influence the output. A 7×7 kernel on a 2×2
     * map is therefore a 3×3 kernel with dead weights, and two kernels both at least
     * {@code 2·reach + 1} are interchangeable. (Every offset up to the reach is met when
     * {@code H_in ≥ stride}, which {@link MobileNetSpace} guarantees, so smaller kernels differ.)
     */
    public static int effectiveKernel(int kernel, int inputResolution, int stride) {
        int outputResolution = MobileNetSpace.downsample(inputResolution, stride);
        int reach = Math.max(inputResolution - 1, (outputResolution - 1) * stride);
        return Math.min(kernel, 2 * reach + 1);
    }
}
