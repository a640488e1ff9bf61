package io.sparknas.evaluation.supernet;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The computation of {@link MaskedSumVertex}: forward {@code out = Σ_i m_i ⊙ x_i} with {@code m_i} the mask's
 * column {@code columns[i]} broadcast over C, H, W; backward {@code dL/dx_i = m_i ⊙ ε}, and zeros for the mask
 * (a graph input: nothing upstream learns from it).
 */
final class MaskedSumVertexImpl extends BaseGraphVertex {
    private final int[] columns;

    MaskedSumVertexImpl(ComputationGraph graph, String name, int index, int[] columns,
                        org.nd4j.linalg.api.buffer.DataType dataType) {
        super(graph, name, index, null, null, dataType);
        this.columns = columns.clone();
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    private INDArray scale(INDArray mask, int i, INDArray like) {
        return mask.get(NDArrayIndex.all(), NDArrayIndex.point(columns[i])).castTo(like.dataType());
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("cannot do forward pass: inputs not set on " + vertexName);
        }
        if (inputs.length != columns.length + 1) {
            throw new IllegalStateException(vertexName + ": expected " + (columns.length + 1) + " inputs, got " + inputs.length);
        }
        INDArray mask = inputs[columns.length];
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            INDArray out = Nd4j.zeros(inputs[0].dataType(), inputs[0].shape());
            INDArray term = Nd4j.createUninitialized(inputs[0].dataType(), inputs[0].shape());
            for (int i = 0; i < columns.length; i++) {
                Broadcast.mul(inputs[i], scale(mask, i, inputs[i]), term, 0);
                out.addi(term);
            }
            return out;
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("cannot do backward pass: errors not set on " + vertexName);
        }
        INDArray mask = inputs[columns.length];
        INDArray[] errors = new INDArray[inputs.length];
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            for (int i = 0; i < columns.length; i++) {
                errors[i] = Nd4j.createUninitialized(epsilon.dataType(), epsilon.shape());
                Broadcast.mul(epsilon, scale(mask, i, epsilon), errors[i], 0);
            }
            errors[columns.length] = Nd4j.zeros(mask.dataType(), mask.shape());
        }
        return new Pair<>(null, errors);
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalArgumentException("a masked sum has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
        return maskArrays == null || maskArrays.length == 0 ? null : new Pair<>(maskArrays[0], currentMaskState);
    }

    @Override
    public String toString() {
        return "MaskedSumVertex(" + vertexName + ", columns " + java.util.Arrays.toString(columns) + ")";
    }
}
