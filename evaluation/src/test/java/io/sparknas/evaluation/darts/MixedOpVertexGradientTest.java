package io.sparknas.evaluation.darts;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mixed op's backward pass (epsilons to the op outputs and, for PC-DARTS, to the bypassed source channels)
 * against DL4J's numeric gradient check, in double precision: three convolutions feed a mixed op of two ops under
 * per-example weights (including a zero and a weight > 1), so a wrong, swapped, unshuffled or leaking epsilon fails.
 */
class MixedOpVertexGradientTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void gradientsThroughTheMixedOpMatchNumericOnes(int k) {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            int channels = 4;
            int part = k == 1 ? channels : channels / k;
            ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                    .seed(3).updater(new NoOp()).convolutionMode(ConvolutionMode.Same).graphBuilder()
                    .addInputs("x", "w")
                    .setInputTypes(InputType.convolutional(5, 5, 2), InputType.feedForward(3))
                    .addLayer("a", new ConvolutionLayer.Builder(3, 3).nOut(part).activation(Activation.TANH).build(), "x")
                    .addLayer("b", new ConvolutionLayer.Builder(1, 1).nOut(part).activation(Activation.SIGMOID).build(), "x")
                    .addLayer("s", new ConvolutionLayer.Builder(3, 3).nOut(channels).activation(Activation.TANH).build(), "x")
                    // K = 1 has no source input: s then feeds the head directly (scaled in with the mix)
                    .addVertex("mixed", new org.deeplearning4j.nn.conf.graph.ElementWiseVertex(
                            org.deeplearning4j.nn.conf.graph.ElementWiseVertex.Op.Add), "mix", k == 1 ? "s" : "mix")
                    .addVertex("mix", new MixedOpVertex(new int[] {0, 2}, k), k == 1 ? new String[] {"a", "b", "w"}
                            : new String[] {"a", "b", "s", "w"})
                    // a 3x3 conv after the mix: channel order matters downstream, so an unshuffled epsilon shows
                    .addLayer("after", new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.TANH).build(), "mixed")
                    .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "after")
                    .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                            .activation(Activation.SOFTMAX).build(), "pool")
                    .setOutputs("out").build();
            ComputationGraph graph = new ComputationGraph(conf);
            graph.init();
            INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 2, 5, 5).subi(0.5);
            INDArray w = Nd4j.createFromArray(new double[][] {{0.3, 9, 0.7}, {1, 9, 0}, {0, 9, 1}, {0.5, 9, 2}});
            INDArray labels = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}});
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                    .inputs(new INDArray[] {x, w}).labels(new INDArray[] {labels})
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
            assertTrue(ok, "K=" + k + ": analytic and numeric gradients differ (see the log)");
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    /** PC-DARTS' channel shuffle: channel a·K + b of the result is channel b·(C/K) + a; unshuffle inverts it. */
    @Test
    void channelShuffleInterleavesTheGroups() {
        INDArray x = Nd4j.arange(6).castTo(DataType.DOUBLE).reshape(1, 6, 1, 1);
        INDArray shuffled = MixedOpVertexImpl.shuffle(x, 2, 3);
        assertEquals(Nd4j.createFromArray(0.0, 3, 1, 4, 2, 5), shuffled.reshape(6));
        assertEquals(x, MixedOpVertexImpl.unshuffle(shuffled, 2, 3));
    }
}
