package io.sparknas.evaluation.supernet;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The masked sum's backward pass against numeric gradients (DL4J's own gradient check, in double
 * precision): two branches summed under per-example masks, full, partial and zero, so a wrong
 * epsilon for either branch (unscaled, swapped, or leaking through a zero mask) fails.
 */
class MaskedSumVertexGradientTest {

    @Test
    void gradientsThroughTheMaskedSumMatchNumericOnes() {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                    .seed(3).updater(new NoOp()).graphBuilder()
                    .addInputs("x", "mask")
                    .setInputTypes(InputType.feedForward(3), InputType.feedForward(2))
                    .addLayer("a", new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build(), "x")
                    .addLayer("b", new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.SIGMOID).build(), "x")
                    .addVertex("sum", new MaskedSumVertex(new int[]{0, 1}), "a", "b", "mask")
                    .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2)
                            .activation(Activation.SOFTMAX).build(), "sum")
                    .setOutputs("out").build();
            ComputationGraph graph = new ComputationGraph(conf);
            graph.init();
            INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 3).subi(0.5);
            INDArray mask = Nd4j.createFromArray(new double[][]{{1, 0}, {0, 1}, {1, 1}, {0.5, 2}, {0, 0}});
            INDArray labels = Nd4j.createFromArray(new double[][]{{1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}});
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                    .inputs(new INDArray[]{x, mask}).labels(new INDArray[]{labels})
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
            assertTrue(ok, "analytic and numeric gradients differ (see the log)");
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }
}
