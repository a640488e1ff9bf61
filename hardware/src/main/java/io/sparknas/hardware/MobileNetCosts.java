package io.sparknas.hardware;

import io.sparknas.population.space.MobileNetArchitecture;
import io.sparknas.population.space.MobileNetBlock;
import io.sparknas.population.space.MobileNetStage;

/**
 * Analytic parameters, FLOPs and activation memory of a {@link MobileNetArchitecture}, with the
 * counting rules of {@link Nb201Costs}:
 * <ul>
 * <li><b>params</b>: conv weights k·k·Cin·Cout/groups (no bias; a depthwise conv has groups = C, so
 *     k·k·C), 2 per channel for the affine BN after every conv (stem, each block conv, head conv),
 *     classifier in·out + out.</li>
 * <li><b>flops</b> (multiply-adds): conv k·k·Cin·Cout/groups·Hout·Wout, linear in·out. BN,
 *     activations, residual additions, biases and the global average pool count nothing.</li>
 * <li><b>activationMemory</b>: the sum, at batch size 1, of the output elements of every conv (its BN
 *     and activation run in place), the global pool and the classifier; residual additions produce
 *     no counted tensor. A proxy for memory traffic, not peak memory.</li>
 * </ul>
 * Only what is built is priced: an expansion of 1 has no expansion conv, and inactive block slots
 * build nothing. Kernels are priced as run, even where {@link MobileNetBlock#effectiveKernel()} is
 * smaller (a 7×7 depthwise conv on a 2×2 map still costs 49 multiply-adds per output).
 *
 * <p>Input channels, resolution and classes are the architecture's (its space's); to price the same
 * genome at another resolution, decode it in a space built for that resolution. All results are
 * plain counts (not millions). Stateless: the methods are static.
 */
public final class MobileNetCosts {
    private static final int STEM_KERNEL = 3;

    private MobileNetCosts() {
    }

    public static double params(MobileNetArchitecture network) {
        return total(network).params();
    }

    public static double flops(MobileNetArchitecture network) {
        return total(network).flops();
    }

    /** Sum of output elements of every conv, pooling and linear layer at batch size 1 (see the class doc). */
    public static double activationMemory(MobileNetArchitecture network) {
        return total(network).activations();
    }

    static LayerCost total(MobileNetArchitecture network) {
        if (network == null) {
            throw new IllegalArgumentException("MobileNet architecture must not be null");
        }
        LayerCost sum = LayerCost.conv(STEM_KERNEL, network.inputChannels(), network.stemWidth(), network.stemResolution(), true);
        for (MobileNetStage stage : network.stages()) {
            for (MobileNetBlock block : stage.blocks()) {
                sum = sum.plus(block(block));
            }
        }
        return sum.plus(LayerCost.conv(1, network.lastStageWidth(), network.headWidth(), network.finalResolution(), true))
                .plus(LayerCost.globalAvgPool(network.headWidth()))
                .plus(LayerCost.linear(network.headWidth(), network.classes()));
    }

    static LayerCost block(MobileNetBlock block) {
        LayerCost sum = LayerCost.ZERO;
        if (block.hasExpansionConv()) {
            sum = sum.plus(LayerCost.conv(1, block.inChannels(), block.expandedChannels(), block.inputResolution(), true));
        }
        return sum.plus(depthwise(block.kernel(), block.expandedChannels(), block.outputResolution()))
                .plus(LayerCost.conv(1, block.expandedChannels(), block.outChannels(), block.outputResolution(), true));
    }

    /** Depthwise conv (one k×k filter per channel, no bias) followed by an affine BN. */
    static LayerCost depthwise(int kernel, int channels, int hout) {
        double weights = (double) kernel * kernel * channels;
        return new LayerCost(weights + 2.0 * channels, weights * hout * hout, (double) channels * hout * hout);
    }
}
