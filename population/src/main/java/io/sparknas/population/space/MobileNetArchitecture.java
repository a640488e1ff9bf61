package io.sparknas.population.space;

import io.sparknas.population.Architecture;
import io.sparknas.population.Genome;

import java.util.ArrayList;
import java.util.List;

/**
 * A decoded {@link MobileNetSpace} genome: the network with every width, stride and resolution
 * resolved, so that cost models and network builders need nothing but this object.
 *
 * <p><b>String form</b> ({@link #format()}), one group per stage, separated by {@code |}:
 * <pre>
 * mbv3:s1[d2,w1.0](k3e4,k5e6,~k7e3,~k3e3)|s2[d4,w0.75](k5e3,k7e6,k3e4,k3e6)|…
 * </pre>
 * {@code s<n>} numbers the stage from 1, {@code d} is its depth, {@code w} its width multiplier
 * (written as the space lists it); then one {@code k<kernel>e<expansion>} per block slot, all
 * {@code maxDepth} of them, the inactive ones (beyond the depth) marked {@code ~}. The inactive
 * slots are kept so that the string inverts to exactly one genome; they build nothing.
 *
 * <p><b>Canonical key</b> ({@link #canonicalKey()}): the active genes only, in resolved units, e.g.
 * <pre>
 * mobilenet:s1[d2,c24](k3e4,k5e6)|s2[d4,c32](k5e3,k7e6,k3e4,k3e6)|…
 * </pre>
 * Widths appear as channel counts ({@code c}) because two multipliers can round to the same count,
 * and kernels as their {@link MobileNetBlock#effectiveKernel() effective} size, because a kernel
 * larger than its feature map has weights that only ever see padding. In the default spaces neither
 * happens, so the key differs exactly when an active gene differs. The key describes the searched
 * part; the fixed stem, strides, head, input and classes are those of the space.
 * {@link MobileNetPackedKey} is the same identity packed into two longs, for bulk paths.
 */
public final class MobileNetArchitecture implements Architecture {
    static final String FORMAT_PREFIX = "mbv3:";

    private final MobileNetSpace space;
    private final int[] genes;
    private final List<MobileNetStage> stages;

    MobileNetArchitecture(MobileNetSpace space, int[] genes) {
        this.space = space;
        this.genes = genes;
        this.stages = decodeStages();
    }

    private List<MobileNetStage> decodeStages() {
        MobileNetChoices values = space.choiceValues();
        List<MobileNetStage> decoded = new ArrayList<>(space.stageCount());
        int channels = space.stemWidth();
        for (int stage = 0; stage < space.stageCount(); stage++) {
            int depth = space.depth(genes, stage);
            int widthChoice = genes[space.widthGene(stage)];
            int out = space.stageWidth(stage, widthChoice);
            List<MobileNetBlock> blocks = new ArrayList<>(depth);
            for (int slot = 0; slot < depth; slot++) {
                int kernel = values.kernels().get(genes[space.kernelGene(stage, slot)]);
                int expansion = values.expansions().get(genes[space.expansionGene(stage, slot)]);
                int stride = space.blockStride(stage, slot);
                int in = slot == 0 ? channels : out;
                int inputResolution = space.blockInputResolution(stage, slot);
                blocks.add(new MobileNetBlock(in, in * expansion, out, kernel, expansion, stride, inputResolution,
                        MobileNetSpace.downsample(inputResolution, stride)));
            }
            decoded.add(new MobileNetStage(stage, depth, values.widthMultipliers().get(widthChoice), out,
                    space.stages().get(stage).stride(), blocks));
            channels = out;
        }
        return List.copyOf(decoded);
    }

    public List<MobileNetStage> stages() {
        return stages;
    }

    /** Number of inverted-residual blocks actually built, over all stages. */
    public int blockCount() {
        return stages.stream().mapToInt(MobileNetStage::depth).sum();
    }

    public Genome genome() {
        return Genome.of(genes);
    }

    public MobileNetSpace space() {
        return space;
    }

    public int inputChannels() {
        return space.inputChannels();
    }

    public int resolution() {
        return space.resolution();
    }

    public int classes() {
        return space.classes();
    }

    public int stemWidth() {
        return space.stemWidth();
    }

    public int stemStride() {
        return space.stemStride();
    }

    public int stemResolution() {
        return space.stemResolution();
    }

    /** Channels entering the head: the last stage's width. */
    public int lastStageWidth() {
        return stages.get(stages.size() - 1).channels();
    }

    public int headWidth() {
        return space.headWidth();
    }

    public int finalResolution() {
        return space.finalResolution();
    }

    @Override
    public String format() {
        return MobileNetStrings.format(space, genes);
    }

    @Override
    public String canonicalKey() {
        return MobileNetStrings.canonicalKey(stages);
    }

    @Override
    public String toString() {
        return format();
    }
}
