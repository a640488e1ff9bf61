package io.sparknas.evaluation.darts;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The first {@code channels} channels of a [minibatch, C, H, W] activation (PC-DARTS' partial input of an edge);
 * backward, the epsilon goes to those channels and zeros to the others. (DL4J's SubsetVertex inferred a wrong
 * channel count for convolutional inputs after the first stage here.)
 */
public class ChannelSliceVertex extends GraphVertex {
    private static final long serialVersionUID = 1L;
    private int channels;

    /** For DL4J's JSON (de)serialisation of the graph configuration. */
    public ChannelSliceVertex() {
    }

    public ChannelSliceVertex(int channels) {
        if (channels <= 0) {
            throw new IllegalArgumentException("a channel slice needs at least one channel, got " + channels);
        }
        this.channels = channels;
    }

    public int getChannels() {
        return channels;
    }

    public void setChannels(int channels) {
        this.channels = channels;
    }

    @Override
    public GraphVertex clone() {
        return new ChannelSliceVertex(channels);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChannelSliceVertex v && v.channels == channels;
    }

    @Override
    public int hashCode() {
        return channels;
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        return new Impl(graph, name, idx, channels, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        InputType.InputTypeConvolutional in = (InputType.InputTypeConvolutional) vertexInputs[0];
        if (channels > in.getChannels()) {
            throw new IllegalArgumentException("cannot take " + channels + " of " + in.getChannels() + " channels");
        }
        return InputType.convolutional(in.getHeight(), in.getWidth(), channels, in.getFormat());
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, ChannelSliceVertex.class, inputTypes[0], out).standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    static final class Impl extends BaseGraphVertex {
        private final int channels;

        Impl(ComputationGraph graph, String name, int index, int channels, DataType dataType) {
            super(graph, name, index, null, null, dataType);
            this.channels = channels;
        }

        @Override
        public boolean hasLayer() {
            return false;
        }

        @Override
        public Layer getLayer() {
            return null;
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
                return inputs[0].get(NDArrayIndex.all(), NDArrayIndex.interval(0, channels), NDArrayIndex.all(),
                        NDArrayIndex.all()).dup('c');
            }
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
                INDArray out = Nd4j.zeros(epsilon.dataType(), inputs[0].shape());
                out.get(NDArrayIndex.all(), NDArrayIndex.interval(0, channels), NDArrayIndex.all(), NDArrayIndex.all())
                        .assign(epsilon);
                return new Pair<>(null, new INDArray[] {out});
            }
        }

        @Override
        public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
            if (backpropGradientsViewArray != null) {
                throw new IllegalArgumentException("a channel slice has no parameters");
            }
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                               int minibatchSize) {
            return maskArrays == null || maskArrays.length == 0 ? null : new Pair<>(maskArrays[0], currentMaskState);
        }

        @Override
        public String toString() {
            return "ChannelSliceVertex(" + vertexName + ", " + channels + ")";
        }
    }
}
