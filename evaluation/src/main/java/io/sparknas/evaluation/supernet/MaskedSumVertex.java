package io.sparknas.evaluation.supernet;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLambdaVertex;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Arrays;

/**
 * {@code Σ_i mask[:, columns[i]] · x_i}: the inputs are n tensors of one shape ([minibatch, C, H, W])
 * followed by the mask ([minibatch, M]); each tensor is scaled by its own mask column, per example,
 * and the products are summed. A column of zeros removes that input's contribution forward and its
 * gradient backward, so one graph computes any sub-network the mask picks.
 */
public class MaskedSumVertex extends SameDiffLambdaVertex {
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
    public SDVariable defineVertex(SameDiff sameDiff, VertexInputs inputs) {
        SDVariable mask = inputs.getInput(columns.length);
        SDVariable sum = null;
        for (int i = 0; i < columns.length; i++) {
            SDVariable scale = mask.get(SDIndex.all(), SDIndex.interval(columns[i], columns[i] + 1)).reshape(-1, 1, 1, 1);
            SDVariable term = inputs.getInput(i).mul(scale);
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    /** Shaped like the (first) summed input. */
    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return vertexInputs[0];
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
}
