package io.sparknas.evaluation.dl4j;

import io.sparknas.population.space.MobileNetArchitecture;
import io.sparknas.population.space.MobileNetBlock;
import io.sparknas.population.space.MobileNetStage;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link MobileNetArchitecture} as laid out in {@code MobileNetSpace}: stem Conv3x3 + BN +
 * ReLU; inverted-residual blocks ([Conv1x1 expansion + BN + ReLU, skipped for expansion 1],
 * depthwise k×k + BN + ReLU, Conv1x1 projection + BN, plus the input when stride 1 and widths
 * agree); head Conv1x1 + BN + ReLU, global average pool, Linear with bias. The space says "act";
 * ReLU is used throughout (hard-swish would not change the parameter count, and ReLU keeps the
 * NASWOT activation codes meaningful). Input shape and classes come from the architecture's space.
 */
public final class MobileNetNetworkBuilder {
    private static final int STEM_KERNEL = 3;

    private MobileNetNetworkBuilder() {
    }

    public static ComputationGraph build(MobileNetArchitecture network, BuildOptions options) {
        return assemble(network, options).build();
    }

    public static ComputationGraphConfiguration configuration(MobileNetArchitecture network, BuildOptions options) {
        return assemble(network, options).configuration();
    }

    private static GraphAssembly assemble(MobileNetArchitecture network, BuildOptions options) {
        Objects.requireNonNull(network, "network");
        GraphAssembly graph = new GraphAssembly(options, network.inputChannels(), network.resolution(), network.resolution());
        String x = graph.convBn("stem", GraphAssembly.INPUT, STEM_KERNEL, network.stemStride(), network.stemWidth());
        x = graph.relu("stem", x);
        for (MobileNetStage stage : network.stages()) {
            for (int slot = 0; slot < stage.blocks().size(); slot++) {
                x = block(graph, "s" + (stage.index() + 1) + "b" + slot, x, stage.blocks().get(slot));
            }
        }
        x = graph.convBn("head", x, 1, 1, network.headWidth());
        x = graph.relu("head", x);
        graph.classifierHead(x, network.classes());
        return graph;
    }

    private static String block(GraphAssembly graph, String name, String input, MobileNetBlock block) {
        String x = input;
        if (block.hasExpansionConv()) {
            x = graph.relu(name + "_expand", graph.convBn(name + "_expand", x, 1, 1, block.expandedChannels()));
        }
        x = graph.depthwiseConv(name + "_dw_conv", x, block.kernel(), block.stride(), block.expandedChannels());
        x = graph.relu(name + "_dw", graph.batchNorm(name + "_dw_bn", x));
        x = graph.convBn(name + "_project", x, 1, 1, block.outChannels());
        return block.hasResidual() ? graph.add(name + "_add", List.of(x, input)) : x;
    }
}
