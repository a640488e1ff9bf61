package io.sparknas.evaluation.darts;

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

/** The computation of {@link MixedOpVertex}; see there. */
final class MixedOpVertexImpl extends BaseGraphVertex {
    private final int[] columns;
    private final int k;
    /** dL/dw per weight column, summed over the minibatch and over backward passes since the last reset. */
    private double[] weightGradient;
    private boolean record;

    MixedOpVertexImpl(ComputationGraph graph, String name, int index, int[] columns, int partialChannels,
                      org.nd4j.linalg.api.buffer.DataType dataType) {
        super(graph, name, index, null, null, dataType);
        this.columns = columns.clone();
        this.k = partialChannels;
        int width = 0;
        for (int c : columns) {
            width = Math.max(width, c + 1);
        }
        this.weightGradient = new double[width];
    }

    /** Starts (true) or stops accumulating the weight gradient; starting clears it. */
    void record(boolean on) {
        if (on) {
            java.util.Arrays.fill(weightGradient, 0);
        }
        record = on;
    }

    /** Adds the accumulated gradient (by weight column) into {@code into}. */
    void addWeightGradient(double[] into) {
        for (int c = 0; c < weightGradient.length; c++) {
            into[c] += weightGradient[c];
        }
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    private int ops() {
        return columns.length;
    }

    private INDArray weights() {
        return inputs[inputs.length - 1];
    }

    private INDArray scale(int i, INDArray like) {
        return weights().get(NDArrayIndex.all(), NDArrayIndex.point(columns[i])).castTo(like.dataType());
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("cannot do forward pass: inputs not set on " + vertexName);
        }
        int expected = ops() + (k > 1 ? 2 : 1);
        if (inputs.length != expected) {
            throw new IllegalStateException(vertexName + ": expected " + expected + " inputs, got " + inputs.length);
        }
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            INDArray mixed = Nd4j.zeros(inputs[0].dataType(), inputs[0].shape());
            INDArray term = Nd4j.createUninitialized(inputs[0].dataType(), inputs[0].shape());
            for (int i = 0; i < ops(); i++) {
                Broadcast.mul(inputs[i], scale(i, inputs[i]), term, 0);
                mixed.addi(term);
            }
            if (k == 1) {
                return mixed;
            }
            INDArray source = inputs[ops()];
            long channels = source.size(1);
            long part = mixed.size(1);
            if (part * k != channels) {
                throw new IllegalStateException(vertexName + ": " + part + " mixed channels × K=" + k + " != " + channels
                        + " source channels");
            }
            INDArray joined = Nd4j.concat(1, mixed, source.get(NDArrayIndex.all(), NDArrayIndex.interval(part, channels),
                    NDArrayIndex.all(), NDArrayIndex.all()));
            return shuffle(joined, k, part);
        }
    }

    /** Channel {@code a·groups + b} of the result is channel {@code b·part + a} of {@code x} (groups × part channels). */
    static INDArray shuffle(INDArray x, long groups, long part) {
        long n = x.size(0);
        long h = x.size(2);
        long w = x.size(3);
        return x.dup('c').reshape('c', n, groups, part, h, w).permute(0, 2, 1, 3, 4).dup('c')
                .reshape('c', n, groups * part, h, w);
    }

    /** The inverse of {@link #shuffle}. */
    static INDArray unshuffle(INDArray y, long groups, long part) {
        long n = y.size(0);
        long h = y.size(2);
        long w = y.size(3);
        return y.dup('c').reshape('c', n, part, groups, h, w).permute(0, 2, 1, 3, 4).dup('c')
                .reshape('c', n, groups * part, h, w);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("cannot do backward pass: errors not set on " + vertexName);
        }
        INDArray[] errors = new INDArray[inputs.length];
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            INDArray mixedEpsilon = epsilon;
            if (k > 1) {
                INDArray source = inputs[ops()];
                long channels = source.size(1);
                long part = inputs[0].size(1);
                INDArray plain = unshuffle(epsilon, k, part);
                mixedEpsilon = plain.get(NDArrayIndex.all(), NDArrayIndex.interval(0, part), NDArrayIndex.all(),
                        NDArrayIndex.all());
                INDArray sourceEpsilon = Nd4j.zeros(epsilon.dataType(), source.shape());
                sourceEpsilon.get(NDArrayIndex.all(), NDArrayIndex.interval(part, channels), NDArrayIndex.all(),
                        NDArrayIndex.all()).assign(plain.get(NDArrayIndex.all(), NDArrayIndex.interval(part, channels),
                        NDArrayIndex.all(), NDArrayIndex.all()));
                errors[ops()] = sourceEpsilon;
            }
            for (int i = 0; i < ops(); i++) {
                errors[i] = Nd4j.createUninitialized(epsilon.dataType(), inputs[i].shape());
                Broadcast.mul(mixedEpsilon, scale(i, mixedEpsilon), errors[i], 0);
                if (record) {
                    weightGradient[columns[i]] += mixedEpsilon.mul(inputs[i]).sumNumber().doubleValue();
                }
            }
            errors[inputs.length - 1] = Nd4j.zeros(weights().dataType(), weights().shape());
        }
        return new Pair<>(null, errors);
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalArgumentException("a mixed op has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
        return maskArrays == null || maskArrays.length == 0 ? null : new Pair<>(maskArrays[0], currentMaskState);
    }

    @Override
    public String toString() {
        return "MixedOpVertex(" + vertexName + ", columns " + java.util.Arrays.toString(columns) + ", K " + k + ")";
    }
}
