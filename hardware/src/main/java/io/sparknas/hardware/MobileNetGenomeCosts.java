package io.sparknas.hardware;

import io.sparknas.population.space.MobileNetChoices;
import io.sparknas.population.space.MobileNetSpace;

import java.io.Serializable;

/**
 * Analytic params and FLOPs of a {@link MobileNetSpace} genome straight from its genes, with the
 * counting rules of {@link MobileNetCosts} (equal to it: MobileNetGenomeCostsTest) but without decoding the
 * genome into objects: the macro space's scoring path prices millions of candidates per second, and
 * decoding (records and lists per block) would dominate it.
 */
public final class MobileNetGenomeCosts implements Serializable {
    private static final long serialVersionUID = 1L;
    private final MobileNetSpace space;
    private final int stages;
    private final int[] depths;
    private final int[] kernels;
    private final int[] expansions;
    /** [stage][width choice] output channels. */
    private final int[][] widths;
    private final int[] depthGene;
    private final int[] stageIn;
    private final int[] stageOut;
    private final double fixedParams;
    private final double fixedFlops;

    public MobileNetGenomeCosts(MobileNetSpace space) {
        this.space = space;
        MobileNetChoices choices = space.choiceValues();
        stages = space.stageCount();
        depths = choices.depths().stream().mapToInt(Integer::intValue).toArray();
        kernels = choices.kernels().stream().mapToInt(Integer::intValue).toArray();
        expansions = choices.expansions().stream().mapToInt(Integer::intValue).toArray();
        widths = new int[stages][choices.widthMultipliers().size()];
        depthGene = new int[stages];
        stageIn = new int[stages];
        stageOut = new int[stages];
        for (int stage = 0; stage < stages; stage++) {
            for (int w = 0; w < widths[stage].length; w++) {
                widths[stage][w] = space.stageWidth(stage, w);
            }
            depthGene[stage] = space.depthGene(stage);
            stageIn[stage] = space.stageInputResolution(stage);
            stageOut[stage] = space.stageOutputResolution(stage);
        }
        double stemWeights = 9.0 * space.inputChannels() * space.stemWidth();
        double stemArea = (double) space.stemResolution() * space.stemResolution();
        double linear = (double) space.headWidth() * space.classes();
        fixedParams = stemWeights + 2.0 * space.stemWidth() + linear + space.classes() + 2.0 * space.headWidth();
        fixedFlops = stemWeights * stemArea + linear;
    }

    public MobileNetSpace space() {
        return space;
    }

    /** Writes params into {@code out[0]} and FLOPs (multiply-adds) into {@code out[1]}. */
    public void costs(int[] genes, double[] out) {
        double params = fixedParams;
        double flops = fixedFlops;
        int channels = space.stemWidth();
        for (int stage = 0; stage < stages; stage++) {
            int base = depthGene[stage];
            int depth = depths[genes[base]];
            int width = widths[stage][genes[base + 1]];
            double inArea = (double) stageIn[stage] * stageIn[stage];
            double outArea = (double) stageOut[stage] * stageOut[stage];
            for (int slot = 0; slot < depth; slot++) {
                int kernel = kernels[genes[base + 2 + 2 * slot]];
                int expansion = expansions[genes[base + 3 + 2 * slot]];
                double in = slot == 0 ? channels : width;
                double expanded = in * expansion;
                if (expansion != 1) {
                    params += in * expanded + 2 * expanded;
                    flops += in * expanded * (slot == 0 ? inArea : outArea);
                }
                double depthwise = (double) kernel * kernel * expanded;
                params += depthwise + 2 * expanded + expanded * width + 2.0 * width;
                flops += (depthwise + expanded * width) * outArea;
            }
            channels = width;
        }
        double head = (double) channels * space.headWidth();
        double finalArea = (double) space.finalResolution() * space.finalResolution();
        out[0] = params + head;
        out[1] = flops + head * finalArea;
    }
}
