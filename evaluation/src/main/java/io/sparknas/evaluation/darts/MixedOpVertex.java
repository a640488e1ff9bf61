package io.sparknas.evaluation.darts;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * DARTS' mixed operation as a DL4J vertex: {@code Σ_i w[:, columns[i]] · x_i}, the op outputs {@code x_i} weighted
 * by columns of the architecture-weight input {@code w} (the graph input {@link DartsNetwork#WEIGHTS}, the last
 * vertex input, softmax(α) per edge repeated for every example).
 *
 * <p>With {@code partialChannels = K > 1} (PC-DARTS) the op outputs have C/K channels and one more input precedes
 * the weights: the edge's source node {@code s} (C channels). The output is then
 * {@code shuffle_K(concat(Σ_i w_i · x_i, s[:, C/K:]))}: the first C/K channels went through the mixed op, the
 * other channels bypass it, and the channel shuffle (groups K) interleaves them so that the next edge sends
 * other channels through its ops.
 *
 * <p>Backward: {@code dL/dx_i = w_i ⊙ ε} (ε unshuffled and cut to the mixed channels when K > 1), the bypassed
 * channels of ε go to {@code s}, and — only while {@link MixedOpVertexImpl#record recording} — the gradient with
 * respect to each weight column summed over the minibatch, {@code Σ ε ⊙ x_i}, is added to the vertex's
 * accumulator, from which {@link DartsNetwork} gets dL/dw and hence dL/dα. The weight input itself gets a zero
 * epsilon (it is a graph input: nothing upstream learns from it). No parameters.
 */
public class MixedOpVertex extends GraphVertex {
    private static final long serialVersionUID = 1L;
    private int[] columns;
    private int partialChannels = 1;

    /** For DL4J's JSON (de)serialisation of the graph configuration. */
    public MixedOpVertex() {
    }

    public MixedOpVertex(int[] columns, int partialChannels) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("a mixed op needs at least one op");
        }
        if (partialChannels < 1) {
            throw new IllegalArgumentException("partial channels K must be >= 1, got " + partialChannels);
        }
        this.columns = columns.clone();
        this.partialChannels = partialChannels;
    }

    public int[] getColumns() {
        return columns.clone();
    }

    public void setColumns(int[] columns) {
        this.columns = columns.clone();
    }

    public int getPartialChannels() {
        return partialChannels;
    }

    public void setPartialChannels(int partialChannels) {
        this.partialChannels = partialChannels;
    }

    @Override
    public GraphVertex clone() {
        return new MixedOpVertex(columns, partialChannels);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MixedOpVertex vertex && Arrays.equals(columns, vertex.columns)
                && partialChannels == vertex.partialChannels;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(columns) + partialChannels;
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        return new MixedOpVertexImpl(graph, name, idx, columns, partialChannels, networkDatatype);
    }

    /** Shaped like the first op's output, or like the source node (the input before the weights) when K > 1. */
    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return partialChannels == 1 ? vertexInputs[0] : vertexInputs[columns.length];
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, MixedOpVertex.class, inputTypes[0], out).standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }
}
