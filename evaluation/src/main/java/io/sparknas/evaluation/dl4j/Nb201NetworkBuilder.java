package io.sparknas.evaluation.dl4j;

import io.sparknas.population.space.Nb201Cell;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the NAS-Bench-201 network for a cell:
 * <pre>
 * stem     Conv3x3(in → C) + BN
 * stage 1  N cells at C;   reduce: residual block C → 2C
 * stage 2  N cells at 2C;  reduce: residual block 2C → 4C
 * stage 3  N cells at 4C;  head: BN + ReLU, global average pool, Linear (with bias)
 * </pre>
 * Reduction block: ReLU-Conv3x3(stride 2)-BN, ReLU-Conv3x3-BN, plus the shortcut
 * AvgPool2x2(stride 2) + Conv1x1 (no BN). Cell edges: {@code nor_conv_kxk} = ReLU-Conv-BN (each edge
 * its own ReLU, as in the reference code), {@code avg_pool_3x3} = stride-1 average pool,
 * {@code skip_connect} = the source node itself, {@code none} = nothing. A node is the sum of its
 * incoming edges.
 *
 * <p><b>Dead edges are built.</b> The analytic costs (and NAS-Bench-201's own parameter counts) price
 * every edge as the reference implementation runs it, including edges that can never reach the
 * output, so the builder keeps them too and the parameter counts agree exactly. Two situations need
 * a decision:
 * <ul>
 * <li>a node with no incoming live edge (all {@code none}) is a tensor of zeros — a scale-0 copy of
 *     the cell input — which is what the reference computes ({@code none} multiplies by zero);</li>
 * <li>a node whose outgoing edges are all {@code none} would dangle (DL4J rejects vertices with no
 *     path to the output), so its scale-0 copy is added to the cell output: it contributes zeros
 *     forward and zero gradients backward, and the edges feeding it keep their weights.</li>
 * </ul>
 */
public final class Nb201NetworkBuilder {
    private static final int NODES = 4;
    /** Source and target node of each edge, in the cell string's order. */
    private static final int[] FROM = {0, 0, 1, 0, 1, 2};
    private static final int[] TO = {1, 2, 2, 3, 3, 3};
    private static final int STAGES = 3;

    private final Nb201Macro macro;

    public Nb201NetworkBuilder(Nb201Macro macro) {
        this.macro = Objects.requireNonNull(macro, "macro");
    }

    public Nb201Macro macro() {
        return macro;
    }

    /** The network with initialised weights. */
    public ComputationGraph build(Nb201Cell cell, BuildOptions options) {
        return assemble(cell, options).build();
    }

    /** The configuration only (no weights allocated): enough to count parameters cheaply. */
    public ComputationGraphConfiguration configuration(Nb201Cell cell, BuildOptions options) {
        return assemble(cell, options).configuration();
    }

    private GraphAssembly assemble(Nb201Cell cell, BuildOptions options) {
        Objects.requireNonNull(cell, "cell");
        GraphAssembly graph = new GraphAssembly(options, macro.inputChannels(), macro.height(), macro.width());
        String x = graph.convBn("stem", GraphAssembly.INPUT, 3, 1, macro.stemChannels());
        for (int stage = 0; stage < STAGES; stage++) {
            int channels = macro.stemChannels() << stage;
            if (stage > 0) {
                x = reductionBlock(graph, "r" + stage, x, channels);
            }
            for (int c = 0; c < macro.cellsPerStage(); c++) {
                x = cell(graph, "s" + (stage + 1) + "c" + c, x, cell, channels);
            }
        }
        x = graph.batchNorm("head_bn", x);
        x = graph.relu("head", x);
        graph.classifierHead(x, macro.classes());
        return graph;
    }

    private static String reductionBlock(GraphAssembly graph, String name, String input, int outChannels) {
        String main = graph.reluConvBn(name + "_a", input, 3, 2, outChannels);
        main = graph.reluConvBn(name + "_b", main, 3, 1, outChannels);
        String shortcut = graph.avgPool(name + "_pool", input, 2, 2);
        shortcut = graph.conv(name + "_short", shortcut, 1, 1, outChannels);
        return graph.add(name + "_add", List.of(main, shortcut));
    }

    private static String cell(GraphAssembly graph, String name, String input, Nb201Cell cell, int channels) {
        String[] node = new String[NODES];
        node[0] = input;
        boolean[] feedsSomething = new boolean[NODES];
        for (int target = 1; target < NODES; target++) {
            List<String> terms = new ArrayList<>();
            for (int edge = 0; edge < FROM.length; edge++) {
                if (TO[edge] != target) {
                    continue;
                }
                String op = cell.op(edge);
                String result = edge(graph, name + "_e" + edge, node[FROM[edge]], op, channels);
                if (result != null) {
                    terms.add(result);
                    feedsSomething[FROM[edge]] = true;
                }
            }
            if (target == NODES - 1) {
                for (int dangling = 1; dangling < NODES - 1; dangling++) {
                    if (!feedsSomething[dangling]) {
                        terms.add(graph.zeros(name + "_n" + dangling + "_unused", node[dangling]));
                    }
                }
            }
            node[target] = terms.isEmpty()
                    ? graph.zeros(name + "_n" + target + "_zero", input)
                    : graph.add(name + "_n" + target, terms);
        }
        return node[NODES - 1];
    }

    /** The edge's output vertex, or null for {@code none}. */
    private static String edge(GraphAssembly graph, String name, String source, String op, int channels) {
        return switch (op) {
            case "none" -> null;
            case "skip_connect" -> source;
            case "nor_conv_1x1" -> graph.reluConvBn(name, source, 1, 1, channels);
            case "nor_conv_3x3" -> graph.reluConvBn(name, source, 3, 1, channels);
            case "avg_pool_3x3" -> graph.avgPool(name, source, 3, 1);
            default -> throw new IllegalArgumentException("unknown NB201 operation '" + op + "'");
        };
    }
}
