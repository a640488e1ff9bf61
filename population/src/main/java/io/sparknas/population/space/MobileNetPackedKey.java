package io.sparknas.population.space;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical identity of a {@link MobileNetSpace} genome packed into two longs, for bulk paths
 * where building the canonical key string per candidate would cost more than everything else: two
 * genomes get the same code exactly when their {@link MobileNetArchitecture#canonicalKey()} strings
 * are equal (MobileNetPackedKeyTest). Like the string, it keeps active genes only, widths as distinct channel counts and kernels as
 * distinct effective kernels; inactive slots are coded as zero. It lives beside the string key so that a change to what the key
 * keeps is made, and tested, in both at once.
 */
public final class MobileNetPackedKey implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int stages;
    private final int maxDepth;
    private final int genesPerStage;
    private final int[] depths;
    /** [stage][width choice] index of the distinct channel count. */
    private final int[][] widthCode;
    /** [stage][slot][kernel choice] index of the distinct effective kernel. */
    private final int[][][] kernelCode;
    private final int depthBits;
    private final int widthBits;
    private final int kernelBits;
    private final int expansionBits;

    public MobileNetPackedKey(MobileNetSpace space) {
        MobileNetChoices choices = space.choiceValues();
        stages = space.stageCount();
        maxDepth = space.maxDepth();
        genesPerStage = space.length() / stages;
        depths = choices.depths().stream().mapToInt(Integer::intValue).toArray();
        widthCode = new int[stages][];
        kernelCode = new int[stages][maxDepth][];
        for (int stage = 0; stage < stages; stage++) {
            List<Integer> distinct = new ArrayList<>();
            widthCode[stage] = new int[choices.widthMultipliers().size()];
            for (int w = 0; w < widthCode[stage].length; w++) {
                widthCode[stage][w] = codeOf(distinct, space.stageWidth(stage, w));
            }
            for (int slot = 0; slot < maxDepth; slot++) {
                int resolution = slot == 0 ? space.stageInputResolution(stage) : space.stageOutputResolution(stage);
                int stride = slot == 0 ? space.stages().get(stage).stride() : 1;
                List<Integer> kernels = new ArrayList<>();
                kernelCode[stage][slot] = new int[choices.kernels().size()];
                for (int k = 0; k < kernelCode[stage][slot].length; k++) {
                    kernelCode[stage][slot][k] = codeOf(kernels,
                            MobileNetBlock.effectiveKernel(choices.kernels().get(k), resolution, stride));
                }
            }
        }
        depthBits = bits(depths.length);
        widthBits = bits(choices.widthMultipliers().size());
        kernelBits = bits(choices.kernels().size());
        expansionBits = bits(choices.expansions().size());
        int total = stages * (depthBits + widthBits + maxDepth * (kernelBits + expansionBits));
        if (total > 128) {
            throw new IllegalArgumentException("canonical code of " + space + " needs " + total + " bits, more than 128");
        }
    }

    private static int codeOf(List<Integer> distinct, int value) {
        int at = distinct.indexOf(value);
        if (at < 0) {
            distinct.add(value);
            return distinct.size() - 1;
        }
        return at;
    }

    private static int bits(int values) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(values - 1));
    }

    /** Writes the code into {@code out[at]} (high) and {@code out[at + 1]} (low). */
    public void encode(int[] genes, long[] out, int at) {
        long high = 0;
        long low = 0;
        for (int stage = 0; stage < stages; stage++) {
            int base = stage * genesPerStage;
            int depthChoice = genes[base];
            int depth = depths[depthChoice];
            // shift 128 bits left by n and add value: high takes what falls off low
            long value = depthChoice;
            int n = depthBits;
            high = (high << n) | (low >>> (64 - n));
            low = (low << n) | value;
            n = widthBits;
            high = (high << n) | (low >>> (64 - n));
            low = (low << n) | widthCode[stage][genes[base + 1]];
            for (int slot = 0; slot < maxDepth; slot++) {
                int kernel = slot < depth ? kernelCode[stage][slot][genes[base + 2 + 2 * slot]] : 0;
                int expansion = slot < depth ? genes[base + 3 + 2 * slot] : 0;
                n = kernelBits;
                high = (high << n) | (low >>> (64 - n));
                low = (low << n) | kernel;
                n = expansionBits;
                high = (high << n) | (low >>> (64 - n));
                low = (low << n) | expansion;
            }
        }
        out[at] = high;
        out[at + 1] = low;
    }
}
