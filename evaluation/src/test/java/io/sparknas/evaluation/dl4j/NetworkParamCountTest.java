package io.sparknas.evaluation.dl4j;

import io.sparknas.hardware.MobileNetCosts;
import io.sparknas.hardware.Nb201Costs;
import io.sparknas.population.Genome;
import io.sparknas.population.space.MobileNetArchitecture;
import io.sparknas.population.space.MobileNetSpace;
import io.sparknas.population.space.Nb201Cell;
import io.sparknas.population.space.Nb201Space;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkParamCountTest {
    private static final Nb201Space NB201 = new Nb201Space();
    private static final Nb201NetworkBuilder CIFAR_BUILDER = new Nb201NetworkBuilder(Nb201Macro.cifar(10));
    private static final Nb201Costs CIFAR_COSTS = Nb201Costs.cifar(10);

    private static Nb201Cell cell(String text) {
        return NB201.decode(NB201.parse(text));
    }

    /** Cells that exercise the corner cases: dead nodes, dangling nodes, all-none, all-skip, duplicate inputs. */
    static final List<String> CORNER_CELLS = List.of(
            "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|",
            "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|",
            "|nor_conv_3x3~0|+|none~0|none~1|+|nor_conv_1x1~0|none~1|none~2|",
            "|none~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|none~0|none~1|avg_pool_3x3~2|",
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
            "|avg_pool_3x3~0|+|nor_conv_1x1~0|none~1|+|none~0|none~1|none~2|");

    @Test
    void cornerCellsBuildRunAndMatchTheAnalyticCount() {
        Nb201NetworkBuilder small = new Nb201NetworkBuilder(new Nb201Macro(3, 16, 16, 10, 8, 1));
        Nb201Costs smallCosts = new Nb201Costs(3, 16, 10, 8, 1);
        INDArray input = Nd4j.rand(new long[] {2, 3, 16, 16});
        for (String text : CORNER_CELLS) {
            ComputationGraph network = small.build(cell(text), BuildOptions.defaults(1));
            assertEquals((long) smallCosts.params(cell(text)), ParamCounts.trainable(network), text);
            INDArray output = network.outputSingle(input);
            assertArrayEquals(new long[] {2, 10}, output.shape(), text);
            assertTrue(output.sumNumber().doubleValue() > 1.99 && output.sumNumber().doubleValue() < 2.01, text);
        }
    }

    @Test
    void fullSizeNetworksMatchTheAnalyticCount() {
        assertParamCountsMatch(cells(20, 7));
    }

    /**
     * Every sampled full-size NB201-CIFAR network has exactly the analytic parameter count. 1,000 cells
     * passed once (254 ms per network on a 2-core machine, 4 min); CI runs 300 to stay near a minute.
     */
    @Test
    @Tag("slow")
    void sampledFullSizeNetworksMatchTheAnalyticCount() {
        long start = System.nanoTime();
        int n = assertParamCountsMatch(cells(Integer.getInteger("sparknas.paramcheck.cells", 300), 2024));
        System.out.printf("NB201 params: %d sampled cells built at 3x32x32/C=16/N=5, all equal to Nb201Costs "
                + "(%.1f ms per network)%n", n, (System.nanoTime() - start) / 1e6 / n);
    }

    private static List<Nb201Cell> cells(int count, long seed) {
        Random rng = new Random(seed);
        List<Nb201Cell> cells = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            cells.add(NB201.decode(NB201.sample(rng)));
        }
        return cells;
    }

    private static int assertParamCountsMatch(List<Nb201Cell> cells) {
        for (Nb201Cell cell : cells) {
            ComputationGraph network = CIFAR_BUILDER.build(cell, BuildOptions.defaults(0));
            assertEquals((long) CIFAR_COSTS.params(cell), ParamCounts.trainable(network), cell.format());
        }
        return cells.size();
    }

    @Test
    void mobileNetNetworksMatchTheAnalyticCount() {
        MobileNetSpace space = MobileNetSpace.cifar(10);
        Random rng = new Random(11);
        INDArray input = Nd4j.rand(new long[] {1, 3, 32, 32});
        for (int i = 0; i < 3; i++) {
            Genome genome = space.sample(rng);
            MobileNetArchitecture architecture = space.decode(genome);
            ComputationGraph network = MobileNetNetworkBuilder.build(architecture, BuildOptions.defaults(i));
            assertEquals((long) MobileNetCosts.params(architecture), ParamCounts.trainable(network), architecture.format());
            assertArrayEquals(new long[] {1, 10}, network.outputSingle(input).shape());
        }
    }
}
