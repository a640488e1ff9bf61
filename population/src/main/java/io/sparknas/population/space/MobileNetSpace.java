package io.sparknas.population.space;

import io.sparknas.population.Genome;
import io.sparknas.population.SearchSpace;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A macro search space in the MobileNetV3 / FBNet / once-for-all family:
 * <pre>
 * stem    Conv3x3(in → stemWidth, stride stemStride) + BN + act
 * stage i depth d_i ∈ depths inverted-residual blocks, all with output width
 *         round8(width_i · multiplier_i); the first block has the stage's stride, the rest stride 1
 * block   [Conv1x1(C → e·C) + BN + act, left out when e = 1]
 *         DWConv k×k(e·C, stride) + BN + act
 *         Conv1x1(e·C → C_out) + BN
 *         + input, when stride is 1 and C = C_out
 * head    Conv1x1(→ headWidth) + BN + act, global average pool, Linear(headWidth → classes)
 * </pre>
 * Convolutions use "same" padding (kernel / 2), so a layer of stride s maps an H×H input to
 * ceil(H / s) × ceil(H / s) whatever its kernel. Widths are rounded to the nearest multiple of 8
 * (at least 8), as mobile kernels favour them; see {@link #roundChannels}.
 *
 * <p><b>Genome layout.</b> Every stage owns {@code 2 + 2·maxDepth} consecutive genes:
 * {@code [depth, width, kernel_1, expansion_1, …, kernel_maxDepth, expansion_maxDepth]}, each an
 * index into the lists of {@link MobileNetChoices}. The kernel and expansion genes of slots beyond
 * the stage's depth are <em>inactive</em>: they build nothing, so genomes that differ only there
 * share a canonical key. Keeping them (rather than a variable-length genome) lets the generic point
 * mutation and uniform crossover work unchanged, and lets a depth increase revive a remembered block.
 * A point mutation that lands on an inactive gene (one in five, for uniform genomes of the default
 * spaces) keeps the parent's canonical key; the search loop's cache finds that key already evaluated
 * and tells the strategy the stored result, so such a child costs no evaluation and no budget. It
 * is a neutral move: the changed slot is what a later depth mutation would build.
 *
 * <p>String forms: see {@link MobileNetArchitecture#format()} and {@link MobileNetArchitecture#canonicalKey()}.
 */
public final class MobileNetSpace implements SearchSpace {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "mobilenet";
    public static final int CHANNEL_DIVISOR = 8;
    /** Genes every stage has before its block slots: depth and width. */
    private static final int STAGE_GENES = 2;

    private final int inputChannels;
    private final int resolution;
    private final int classes;
    private final int stemWidth;
    private final int stemStride;
    private final List<StageSpec> stages;
    private final int headWidth;
    private final MobileNetChoices choiceValues;
    private final int maxDepth;
    private final int stemResolution;
    private final int[] stageInputResolution;
    private final int[] stageOutputResolution;

    public MobileNetSpace(int inputChannels, int resolution, int classes, int stemWidth, int stemStride,
                          List<StageSpec> stages, int headWidth, MobileNetChoices choiceValues) {
        requirePositive("inputChannels", inputChannels);
        requirePositive("resolution", resolution);
        requirePositive("classes", classes);
        requirePositive("stemWidth", stemWidth);
        requirePositive("stemStride", stemStride);
        requirePositive("headWidth", headWidth);
        Objects.requireNonNull(stages, "stages");
        if (stages.isEmpty() || stages.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("stages must list at least one stage and no nulls, got " + stages);
        }
        this.inputChannels = inputChannels;
        this.resolution = resolution;
        this.classes = classes;
        this.stemWidth = stemWidth;
        this.stemStride = stemStride;
        this.stages = List.copyOf(stages);
        this.headWidth = headWidth;
        this.choiceValues = Objects.requireNonNull(choiceValues, "choiceValues");
        this.maxDepth = choiceValues.maxDepth();

        requireRoomToStride("the stem", resolution, stemStride);
        this.stemResolution = downsample(resolution, stemStride);
        this.stageInputResolution = new int[this.stages.size()];
        this.stageOutputResolution = new int[this.stages.size()];
        int size = stemResolution;
        for (int stage = 0; stage < this.stages.size(); stage++) {
            int stride = this.stages.get(stage).stride();
            requireRoomToStride("stage s" + (stage + 1), size, stride);
            stageInputResolution[stage] = size;
            size = downsample(size, stride);
            stageOutputResolution[stage] = size;
        }
    }

    /**
     * CIFAR-like 3×32×32 input. The ImageNet strides would leave 2×2 maps for the last stages (where
     * 5×5 and 7×7 kernels mostly meet padding) and 1×1 for the head, so the stem and the first
     * stage keep full resolution instead: 32 → 32 → 32 → 16 → 8 → 8 → 4.
     */
    public static MobileNetSpace cifar(int classes) {
        return forInput(3, 32, classes);
    }

    /**
     * The CIFAR layout ({@link #cifar}) for other small images, e.g. 1×28×28 Fashion-MNIST:
     * 28 → 28 → 28 → 14 → 7 → 7 → 4.
     */
    public static MobileNetSpace forInput(int channels, int resolution, int classes) {
        return new MobileNetSpace(channels, resolution, classes, 16, 1, onceForAllStages(1, 2, 2, 1, 2), 960,
                MobileNetChoices.standard());
    }

    /** ImageNet-like 3×224×224 input with once-for-all's MobileNetV3 strides: 224 → 112 → 56 → 28 → 14 → 14 → 7. */
    public static MobileNetSpace imagenet(int classes) {
        return new MobileNetSpace(3, 224, classes, 16, 2, onceForAllStages(2, 2, 2, 1, 2), 960,
                MobileNetChoices.standard());
    }

    /** Once-for-all's MobileNetV3 stage widths 24/40/80/112/160 with the given strides. */
    private static List<StageSpec> onceForAllStages(int... strides) {
        int[] widths = {24, 40, 80, 112, 160};
        List<StageSpec> stages = new ArrayList<>();
        for (int stage = 0; stage < widths.length; stage++) {
            stages.add(new StageSpec(widths[stage], strides[stage]));
        }
        return stages;
    }

    /** {@code width · multiplier} rounded to the nearest multiple of {@value #CHANNEL_DIVISOR} (halves up), at least that. */
    public static int roundChannels(int width, double multiplier) {
        long multiples = Math.round(width * multiplier / CHANNEL_DIVISOR);
        return (int) Math.max(CHANNEL_DIVISOR, multiples * CHANNEL_DIVISOR);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int length() {
        return stages.size() * genesPerStage();
    }

    @Override
    public int choices(int gene) {
        Objects.checkIndex(gene, length());
        int position = gene % genesPerStage();
        if (position == 0) {
            return choiceValues.depths().size();
        }
        if (position == 1) {
            return choiceValues.widthMultipliers().size();
        }
        return (position - STAGE_GENES) % 2 == 0 ? choiceValues.kernels().size() : choiceValues.expansions().size();
    }

    @Override
    public MobileNetArchitecture decode(Genome genome) {
        validate(genome);
        return new MobileNetArchitecture(this, genome.toArray());
    }

    @Override
    public Genome parse(String text) {
        return Genome.of(MobileNetStrings.parse(this, text));
    }

    /** Whether {@code gene} builds anything in {@code genome}: false only for block slots beyond their stage's depth. */
    public boolean isActive(Genome genome, int gene) {
        validate(genome);
        int position = gene % genesPerStage();
        if (position < STAGE_GENES) {
            return true;
        }
        int stage = gene / genesPerStage();
        return slotOf(position) < depth(genome.toArray(), stage);
    }

    /**
     * Number of distinct canonical keys, i.e. of functionally different networks; {@link #size()}
     * counts genomes. Per stage: the distinct rounded widths times, summed over depths, the product
     * over active slots of distinct effective kernels times expansions (see {@link MobileNetBlock#effectiveKernel()}).
     */
    public BigInteger canonicalSize() {
        BigInteger total = BigInteger.ONE;
        BigInteger expansions = BigInteger.valueOf(choiceValues.expansions().size());
        for (int stage = 0; stage < stages.size(); stage++) {
            Set<Integer> widths = new HashSet<>();
            for (int choice = 0; choice < choiceValues.widthMultipliers().size(); choice++) {
                widths.add(stageWidth(stage, choice));
            }
            BigInteger blockSequences = BigInteger.ZERO;
            for (int depth : choiceValues.depths()) {
                BigInteger sequences = BigInteger.ONE;
                for (int slot = 0; slot < depth; slot++) {
                    sequences = sequences.multiply(BigInteger.valueOf(distinctEffectiveKernels(stage, slot))).multiply(expansions);
                }
                blockSequences = blockSequences.add(sequences);
            }
            total = total.multiply(BigInteger.valueOf(widths.size())).multiply(blockSequences);
        }
        return total;
    }

    private int distinctEffectiveKernels(int stage, int slot) {
        Set<Integer> effective = new HashSet<>();
        for (int kernel : choiceValues.kernels()) {
            effective.add(MobileNetBlock.effectiveKernel(kernel, blockInputResolution(stage, slot), blockStride(stage, slot)));
        }
        return effective.size();
    }

    // --- gene layout -------------------------------------------------------------------------

    public int depthGene(int stage) {
        return Objects.checkIndex(stage, stages.size()) * genesPerStage();
    }

    public int widthGene(int stage) {
        return depthGene(stage) + 1;
    }

    /** @param slot 0-based block slot within the stage, {@code 0 .. maxDepth - 1} */
    public int kernelGene(int stage, int slot) {
        return depthGene(stage) + STAGE_GENES + 2 * Objects.checkIndex(slot, maxDepth);
    }

    public int expansionGene(int stage, int slot) {
        return kernelGene(stage, slot) + 1;
    }

    int genesPerStage() {
        return STAGE_GENES + 2 * maxDepth;
    }

    private static int slotOf(int positionInStage) {
        return (positionInStage - STAGE_GENES) / 2;
    }

    int depth(int[] genes, int stage) {
        return choiceValues.depths().get(genes[depthGene(stage)]);
    }

    // --- the fixed network -------------------------------------------------------------------

    /** Output channels of {@code stage} when its width gene is {@code widthChoice}. */
    public int stageWidth(int stage, int widthChoice) {
        return roundChannels(stages.get(stage).width(), choiceValues.widthMultipliers().get(widthChoice));
    }

    int blockInputResolution(int stage, int slot) {
        return slot == 0 ? stageInputResolution[stage] : stageOutputResolution[stage];
    }

    int blockStride(int stage, int slot) {
        return slot == 0 ? stages.get(stage).stride() : 1;
    }

    public int stageInputResolution(int stage) {
        return stageInputResolution[stage];
    }

    public int stageOutputResolution(int stage) {
        return stageOutputResolution[stage];
    }

    public int stemResolution() {
        return stemResolution;
    }

    /** The feature-map size the head sees. */
    public int finalResolution() {
        return stageOutputResolution[stages.size() - 1];
    }

    public int inputChannels() {
        return inputChannels;
    }

    public int resolution() {
        return resolution;
    }

    public int classes() {
        return classes;
    }

    public int stemWidth() {
        return stemWidth;
    }

    public int stemStride() {
        return stemStride;
    }

    public List<StageSpec> stages() {
        return stages;
    }

    public int stageCount() {
        return stages.size();
    }

    public int headWidth() {
        return headWidth;
    }

    public MobileNetChoices choiceValues() {
        return choiceValues;
    }

    public int maxDepth() {
        return maxDepth;
    }

    static int downsample(int size, int stride) {
        return (size + stride - 1) / stride;
    }

    /** A stride larger than the feature map only pays for padding; the caller should use a smaller stride there. */
    private static void requireRoomToStride(String layer, int size, int stride) {
        if (size < stride) {
            throw new IllegalArgumentException(layer + " has stride " + stride + " but receives a " + size + "x" + size
                    + " feature map: lower that stride or raise the resolution");
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    @Override
    public String toString() {
        return "MobileNetSpace[" + inputChannels + "x" + resolution + "x" + resolution + ", classes=" + classes
                + ", stem=" + stemWidth + "/s" + stemStride + ", stages=" + stages + ", head=" + headWidth
                + ", " + choiceValues + "]";
    }
}
