package io.sparknas.evaluation.dl4j;

import io.sparknas.population.space.Nb201Space;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The native setup the training throughput depends on (docs/cluster-and-gpu.md, "Training on executors (CPU)"). */
class Dl4jNativesTest {
    private static final Nb201Space SPACE = new Nb201Space();
    private static final String CELL = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2|";

    private static ComputationGraph build() {
        return new NetworkFactory(SPACE, 8, 1).build(SPACE.parse(CELL), new InputShape(1, 28, 28, 10), BuildOptions.defaults(1));
    }

    private static List<Object> convHelpers(ComputationGraph network) {
        return Arrays.stream(network.getLayers()).filter(l -> l instanceof ConvolutionLayer)
                .map(l -> (Object) ((ConvolutionLayer) l).getHelper()).toList();
    }

    @Test
    void trainingNetworksUseOneDnnConvolutionsAndOthersKeepThePlainLayers() {
        List<Object> helped = convHelpers(Dl4jNatives.withHelpers(Dl4jNativesTest::build));
        assertFalse(helped.isEmpty());
        assertTrue(helped.stream().allMatch(h -> h instanceof MKLDNNConvHelper),
                "oneDNN build loaded and DL4J's helper switch on while building: " + helped);
        assertTrue(convHelpers(build()).stream().allMatch(h -> h == null), "outside withHelpers DL4J's default (no helpers) holds");
    }

    @Test
    void threadsCanBeLoweredToOnePerTask() {
        int before = Dl4jNatives.threads();
        try {
            Dl4jNatives.useThreads(1);
            assertEquals(1, Dl4jNatives.threads());
            // libnd4j caps the count at what the JVM started with (OMP_NUM_THREADS, else the cores)
            Dl4jNatives.useThreads(before);
            assertEquals(before, Dl4jNatives.threads());
        } finally {
            Dl4jNatives.useThreads(before);
        }
    }

    @Test
    void helperLayersMatchThePlainOnesOnTheSameWeights() {
        ComputationGraph plain = build();
        ComputationGraph helped = Dl4jNatives.withHelpers(Dl4jNativesTest::build);
        var input = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 1, 28, 28);
        assertEquals(plain.params(), helped.params(), "same seed, same initial weights");
        var a = plain.outputSingle(false, input);
        var b = helped.outputSingle(false, input);
        double maxDiff = a.sub(b).amaxNumber().doubleValue();
        assertTrue(maxDiff < 1e-4, "oneDNN and plain layers compute the same network: max |diff| " + maxDiff);
    }
}
