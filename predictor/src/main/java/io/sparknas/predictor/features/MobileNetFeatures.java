package io.sparknas.predictor.features;

import io.sparknas.hardware.MobileNetGenomeCosts;
import io.sparknas.population.Architecture;
import io.sparknas.population.space.MobileNetArchitecture;
import io.sparknas.population.space.MobileNetChoices;
import io.sparknas.population.space.MobileNetSpace;

import java.util.ArrayList;
import java.util.List;

/**
 * Features of a {@link MobileNetSpace} architecture: per stage a one-hot of its depth and of its
 * width multiplier; per block slot a one-hot of its kernel and of its expansion, all zero when the
 * slot is beyond the stage's depth (inactive genes build nothing, so genomes with one canonical key
 * get one vector); then the number of blocks and log10 of the analytic params and FLOPs.
 *
 * <p>{@link #write(int[], float[], int)} fills a row of a float matrix from the genes without
 * decoding or allocating: the path of bulk scoring.
 */
public final class MobileNetFeatures implements Featurizer {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "mobilenet-onehot-costs";
    private final MobileNetGenomeCosts costs;
    private final int stages;
    private final int maxDepth;
    private final int nDepths;
    private final int nWidths;
    private final int nKernels;
    private final int nExpansions;
    private final int perStage;
    private final int[] depths;
    private final int dimension;

    public MobileNetFeatures(MobileNetSpace space) {
        this.costs = new MobileNetGenomeCosts(space);
        MobileNetChoices choices = space.choiceValues();
        stages = space.stageCount();
        maxDepth = space.maxDepth();
        nDepths = choices.depths().size();
        nWidths = choices.widthMultipliers().size();
        nKernels = choices.kernels().size();
        nExpansions = choices.expansions().size();
        depths = choices.depths().stream().mapToInt(Integer::intValue).toArray();
        perStage = nDepths + nWidths + maxDepth * (nKernels + nExpansions);
        dimension = stages * perStage + 3;
        if (space.length() != stages * (2 + 2 * maxDepth)) {
            throw new IllegalArgumentException("unexpected genome layout of " + space);
        }
    }

    public MobileNetSpace space() {
        return costs.space();
    }

    /** The gene-level cost model this featurizer prices with. */
    public MobileNetGenomeCosts costs() {
        return costs;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<String> featureNames() {
        MobileNetChoices choices = space().choiceValues();
        List<String> names = new ArrayList<>(dimension);
        for (int stage = 1; stage <= stages; stage++) {
            for (int depth : choices.depths()) {
                names.add("s" + stage + "_d" + depth);
            }
            for (double width : choices.widthMultipliers()) {
                names.add("s" + stage + "_w" + width);
            }
            for (int slot = 1; slot <= maxDepth; slot++) {
                for (int kernel : choices.kernels()) {
                    names.add("s" + stage + "_b" + slot + "_k" + kernel);
                }
                for (int expansion : choices.expansions()) {
                    names.add("s" + stage + "_b" + slot + "_e" + expansion);
                }
            }
        }
        names.addAll(List.of("blocks", "log10_params", "log10_flops"));
        return names;
    }

    @Override
    public double[] features(Architecture architecture) {
        if (!(architecture instanceof MobileNetArchitecture network)) {
            throw new IllegalArgumentException(NAME + " featurizes MobileNet architectures, got "
                    + (architecture == null ? "null" : architecture.getClass().getSimpleName()));
        }
        int[] genes = network.genome().toArray();
        float[] row = new float[dimension];
        write(genes, row, 0, new double[2]);
        double[] out = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            out[i] = row[i];
        }
        return out;
    }

    /** Fills {@code matrix[offset .. offset + dimension)} from a valid genome of this space. */
    public void write(int[] genes, float[] matrix, int offset) {
        write(genes, matrix, offset, new double[2]);
    }

    /** As {@link #write(int[], float[], int)}, with a caller-owned scratch array of two doubles. */
    public void write(int[] genes, float[] matrix, int offset, double[] scratch) {
        costs.costs(genes, scratch);
        write(genes, matrix, offset, scratch[0], scratch[1]);
    }

    /** As {@link #write(int[], float[], int)}, with the genome's params and FLOPs already computed. */
    public void write(int[] genes, float[] matrix, int offset, double params, double flops) {
        java.util.Arrays.fill(matrix, offset, offset + dimension, 0f);
        int gene = 0;
        int at = offset;
        int blocks = 0;
        for (int stage = 0; stage < stages; stage++) {
            int depthChoice = genes[gene];
            int depth = depths[depthChoice];
            blocks += depth;
            matrix[at + depthChoice] = 1f;
            matrix[at + nDepths + genes[gene + 1]] = 1f;
            int slotAt = at + nDepths + nWidths;
            for (int slot = 0; slot < depth; slot++) {
                matrix[slotAt + genes[gene + 2 + 2 * slot]] = 1f;
                matrix[slotAt + nKernels + genes[gene + 3 + 2 * slot]] = 1f;
                slotAt += nKernels + nExpansions;
            }
            gene += 2 + 2 * maxDepth;
            at += perStage;
        }
        matrix[at] = blocks;
        matrix[at + 1] = (float) Math.log10(params);
        matrix[at + 2] = (float) Math.log10(flops);
    }

    @Override
    public String toString() {
        return NAME + "(" + space() + ")";
    }
}
