package io.sparknas.evaluation.supernet;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * {@code Σ_i mask[:, columns[i]] · x_i}: the inputs are n tensors of one shape ([minibatch, C, H, W])
 * followed by the mask ([minibatch, M]); each tensor is scaled by its own mask column, per example,
 * and the products are summed. A column of zeros removes that input's contribution forward and its
 * gradient backward, so one graph computes any sub-network the mask picks. (The configuration; the
 * computation is {@link MaskedSumVertexImpl}, plain ND4J broadcasts: a SameDiff lambda vertex did the
 * same ~5x slower per training step.)
 */
public class MaskedSumVertex extends GraphVertex {
    private static final long serialVersionUID = 1L;
    private int[] columns;

    /** For DL4J's JSON (de)serialisation of the graph configuration. */
    public MaskedSumVertex() {
    }

    public MaskedSumVertex(int[] columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("a masked sum needs at least one input");
        }
        this.columns = columns.clone();
    }

    public int[] getColumns() {
        return columns.clone();
    }

    public void setColumns(int[] columns) {
        this.columns = columns.clone();
    }

    @Override
    public GraphVertex clone() {
        return new MaskedSumVertex(columns);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MaskedSumVertex vertex && Arrays.equals(columns, vertex.columns);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(columns);
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
        return new MaskedSumVertexImpl(graph, name, idx, columns, networkDatatype);
    }

    /** Shaped like the (first) summed input. */
    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return vertexInputs[0];
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, MaskedSumVertex.class, inputTypes[0], out).standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }
}
