package io.sparknas.evaluation.supernet;

import io.sparknas.evaluation.dl4j.BuildOptions;
import io.sparknas.evaluation.dl4j.GraphAssembly;
import io.sparknas.evaluation.dl4j.Nb201Macro;
import io.sparknas.population.Genome;
import io.sparknas.population.space.Nb201Space;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The NAS-Bench-201 supernet: the macro skeleton of {@link io.sparknas.evaluation.dl4j.Nb201NetworkBuilder}
 * (stem, three stages of cells, two residual reductions, head) in which every cell edge holds all five
 * operations. Each edge {@code e} (string order) computes its four non-{@code none} ops on its source node
 * (skip = the node itself, ReLU-Conv1x1-BN, ReLU-Conv3x3-BN, AvgPool3x3), and each node is a
 * {@link MaskedSumVertex} over its incoming edges' ops: {@code node_t = Σ_e Σ_k mask[e·5 + k] · op_k(node_src(e))}.
 *
 * <p>The mask is the graph's second input, {@value #MASK} ([minibatch, 30]: six edges × five ops, one-hot
 * per edge, column {@code e·5 + op} with the ops in {@link Nb201Space#OPS} order). Column {@code e·5} (none)
 * multiplies nothing: an all-{@code none} edge adds zeros, as in the stand-alone network. Every cell of the
 * network takes the same mask, so one graph serves all 15,625 cells.
 *
 * <p>Vertex names follow the stand-alone builder's, with the op in the edge's name: stand-alone
 * {@code s1c0_e3_conv} is the supernet's {@code s1c0_e3_c3_conv} when edge 3 is {@code nor_conv_3x3}
 * ({@code _c1_} for 1×1); stem, reductions and head have the same names in both ({@link #supernetName}).
 */
public final class Nb201Supernet {
    public static final String MASK = "mask";
    public static final int EDGES = 6;
    public static final int OPS = Nb201Space.OPS.size();
    public static final int MASK_WIDTH = EDGES * OPS;
    /** Nodes of a cell: node 0 is the cell's input, node 3 its output. */
    public static final int NODES = 4;
    private static final int[] FROM = {0, 0, 1, 0, 1, 2};
    private static final int[] TO = {1, 2, 2, 3, 3, 3};
    private static final int STAGES = 3;
    static final int SKIP = 1;
    static final int CONV1 = 2;
    static final int CONV3 = 3;
    static final int POOL = 4;

    /** The node edge {@code edge} (0..5) starts from. */
    public static int from(int edge) {
        return FROM[edge];
    }

    /** The node edge {@code edge} (0..5) ends in. */
    public static int to(int edge) {
        return TO[edge];
    }

    /** Builds one cell into the graph: its vertices named after {@code name}, on {@code input}; returns its output vertex. */
    @FunctionalInterface
    public interface Cells {
        String cell(GraphAssembly graph, String name, String input, int channels);
    }

    private final Nb201Macro macro;

    public Nb201Supernet(Nb201Macro macro) {
        this.macro = Objects.requireNonNull(macro, "macro");
    }

    public Nb201Macro macro() {
        return macro;
    }

    /** The supernet with initialised weights. */
    public ComputationGraph build(BuildOptions options) {
        return skeleton(macro, options, MASK, MASK_WIDTH, Nb201Supernet::cell);
    }

    /**
     * The NB201 skeleton around a cell of the caller's (the stand-alone builder's stem, the three stages of
     * {@code cellsPerStage} cells at C, 2C, 4C, the two residual reductions, the head), with a second graph input
     * {@code secondInput} of width {@code secondWidth} for the cells (the supernet's mask, DARTS' op weights).
     */
    public static ComputationGraph skeleton(Nb201Macro macro, BuildOptions options, String secondInput, int secondWidth,
                                            Cells cells) {
        GraphAssembly graph = new GraphAssembly(options, macro.inputChannels(), macro.height(), macro.width(), secondInput,
                secondWidth);
        String x = graph.convBn("stem", GraphAssembly.INPUT, 3, 1, macro.stemChannels());
        for (int stage = 0; stage < STAGES; stage++) {
            int channels = macro.stemChannels() << stage;
            if (stage > 0) {
                String name = "r" + stage;
                String main = graph.reluConvBn(name + "_a", x, 3, 2, channels);
                main = graph.reluConvBn(name + "_b", main, 3, 1, channels);
                String shortcut = graph.avgPool(name + "_pool", x, 2, 2);
                shortcut = graph.conv(name + "_short", shortcut, 1, 1, channels);
                x = graph.add(name + "_add", List.of(main, shortcut));
            }
            for (int c = 0; c < macro.cellsPerStage(); c++) {
                x = cells.cell(graph, "s" + (stage + 1) + "c" + c, x, channels);
            }
        }
        x = graph.batchNorm("head_bn", x);
        x = graph.relu("head", x);
        graph.classifierHead(x, macro.classes());
        return graph.build();
    }

    private static String cell(GraphAssembly graph, String name, String input, int channels) {
        String[] node = new String[NODES];
        node[0] = input;
        for (int target = 1; target < NODES; target++) {
            List<String> inputs = new ArrayList<>();
            List<Integer> columns = new ArrayList<>();
            for (int edge = 0; edge < EDGES; edge++) {
                if (TO[edge] != target) {
                    continue;
                }
                addOps(graph, name + "_e" + edge, node[FROM[edge]], channels, edge, inputs, columns);
            }
            inputs.add(MASK);
            node[target] = graph.vertex(name + "_n" + target,
                    new MaskedSumVertex(columns.stream().mapToInt(Integer::intValue).toArray()), inputs.toArray(String[]::new));
        }
        return node[NODES - 1];
    }

    /**
     * The four non-{@code none} ops of {@code edge} on {@code source} (skip: the source itself; ReLU-Conv1x1-BN,
     * ReLU-Conv3x3-BN, 3x3 average pool, named {@code e + "_c1"}, {@code "_c3"}, {@code "_pool"}), appended to
     * {@code inputs} with their columns ({@code 5·edge + op}) appended to {@code columns}.
     */
    public static void addOps(GraphAssembly graph, String e, String source, int channels, int edge, List<String> inputs,
                              List<Integer> columns) {
        inputs.add(source);
        columns.add(edge * OPS + SKIP);
        inputs.add(graph.reluConvBn(e + "_c1", source, 1, 1, channels));
        columns.add(edge * OPS + CONV1);
        inputs.add(graph.reluConvBn(e + "_c3", source, 3, 1, channels));
        columns.add(edge * OPS + CONV3);
        inputs.add(graph.avgPool(e + "_pool", source, 3, 1));
        columns.add(edge * OPS + POOL);
    }

    /** The one-hot mask row of a cell genome (six op indices in {@link Nb201Space#OPS} order). */
    public static float[] maskRow(Genome genome) {
        if (genome.length() != EDGES) {
            throw new IllegalArgumentException("an NB201 cell has " + EDGES + " edges, the genome has " + genome.length());
        }
        float[] row = new float[MASK_WIDTH];
        for (int edge = 0; edge < EDGES; edge++) {
            int op = genome.get(edge);
            if (op < 0 || op >= OPS) {
                throw new IllegalArgumentException("edge " + edge + ": op " + op + " outside 0.." + (OPS - 1));
            }
            row[edge * OPS + op] = 1f;
        }
        return row;
    }

    /** The mask input for {@code examples} examples all running {@code genome}. */
    public static INDArray mask(Genome genome, long examples) {
        INDArray row = Nd4j.create(maskRow(genome), new long[] {1, MASK_WIDTH}, 'c');
        return row.repeat(0, examples);
    }

    /**
     * The supernet vertex that holds a stand-alone NB201 network's vertex of the same role under
     * {@code genome}: cell edge layers gain their op ({@code s1c0_e3_conv} → {@code s1c0_e3_c3_conv}); every
     * other name is the same.
     */
    public static String supernetName(String standAloneName, Genome genome) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(s\\d+c\\d+_e(\\d))_(relu|conv|bn)").matcher(standAloneName);
        if (!m.matches()) {
            return standAloneName;
        }
        int op = genome.get(Integer.parseInt(m.group(2)));
        String tag = switch (op) {
            case CONV1 -> "c1";
            case CONV3 -> "c3";
            default -> throw new IllegalArgumentException(standAloneName + " is no layer of op " + Nb201Space.OPS.get(op));
        };
        return m.group(1) + "_" + tag + "_" + m.group(3);
    }

    /**
     * Copies the supernet's weights (and BN statistics) of {@code genome}'s path into a stand-alone network
     * of the same cell and macro ({@code Nb201NetworkBuilder}): the sub-network as a network of its own.
     */
    public static void copyInto(ComputationGraph supernet, Genome genome, ComputationGraph standAlone) {
        for (Layer layer : standAlone.getLayers()) {
            if (layer.numParams() == 0) {
                continue; // ReLU, pooling
            }
            String name = layer.conf().getLayer().getLayerName();
            Layer source = supernet.getLayer(supernetName(name, genome));
            for (Map.Entry<String, INDArray> param : layer.paramTable().entrySet()) {
                param.getValue().assign(source.getParam(param.getKey()));
            }
        }
    }

    /**
     * Recalibrates every BatchNormalization's running mean and variance for the sub-network {@code mask}
     * selects: resets them and sets them to the average over {@code batches} of the per-channel batch mean
     * and (biased) variance of each BN layer's input, measured in a training-mode forward pass (which
     * normalises with batch statistics, as the sub-network trains). Weights and BN scale/shift are untouched.
     * Returns the number of BN layers recalibrated.
     */
    public static int recalibrateBatchNorm(ComputationGraph network, List<INDArray> batches, INDArray maskRow) {
        return recalibrate(network, batches, Objects.requireNonNull(maskRow, "maskRow"));
    }

    /**
     * {@link #recalibrateBatchNorm(ComputationGraph, List, INDArray)} for a network of one input: a stand-alone
     * network, e.g. a sub-network {@link #copyInto} made.
     */
    public static int recalibrateBatchNorm(ComputationGraph network, List<INDArray> batches) {
        return recalibrate(network, batches, null);
    }

    private static int recalibrate(ComputationGraph network, List<INDArray> batches, INDArray maskRow) {
        Map<String, String> bnInput = new LinkedHashMap<>();
        for (Layer layer : network.getLayers()) {
            if (layer.conf().getLayer() instanceof BatchNormalization bn) {
                String name = bn.getLayerName();
                bnInput.put(name, network.getConfiguration().getVertexInputs().get(name).get(0));
            }
        }
        List<String> inputs = network.getConfiguration().getNetworkInputs();
        Map<String, INDArray> meanSum = new LinkedHashMap<>();
        Map<String, INDArray> varSum = new LinkedHashMap<>();
        for (INDArray features : batches) {
            INDArray mask = maskRow == null ? null : maskRow.reshape(1, MASK_WIDTH).repeat(0, features.size(0));
            Map<String, INDArray> activations = network.feedForward(
                    mask == null ? new INDArray[] {features} : new INDArray[] {features, mask}, true, false);
            for (Map.Entry<String, String> entry : bnInput.entrySet()) {
                INDArray in = activations.get(entry.getValue());
                INDArray mean = in.mean(0, 2, 3);
                INDArray var = in.var(false, 0, 2, 3);
                meanSum.merge(entry.getKey(), mean, INDArray::add);
                varSum.merge(entry.getKey(), var, INDArray::add);
            }
            // every activation of the whole supernet, detached: free them now rather than when the GC gets to them
            // (left to the GC, a few hundred candidates grew the process to gigabytes and slowed it to a crawl)
            for (Map.Entry<String, INDArray> activation : activations.entrySet()) {
                INDArray array = activation.getValue();
                if (!inputs.contains(activation.getKey()) && array != features && array != mask && array.closeable()) {
                    array.close();
                }
            }
            if (mask != null) {
                mask.close();
            }
        }
        for (Map.Entry<String, String> entry : bnInput.entrySet()) {
            Layer layer = network.getLayer(entry.getKey());
            INDArray mean = meanSum.get(entry.getKey()).div(batches.size());
            INDArray var = varSum.get(entry.getKey()).div(batches.size());
            setRunningStatistics(layer, mean, var);
        }
        return bnInput.size();
    }

    /** Writes a BN layer's running mean and variance (as log10 std where the layer stores that). */
    static void setRunningStatistics(Layer layer, INDArray mean, INDArray var) {
        BatchNormalization conf = (BatchNormalization) layer.conf().getLayer();
        INDArray meanParam = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
        meanParam.assign(mean.reshape(meanParam.shape()).castTo(meanParam.dataType()));
        if (conf.isUseLogStd()) {
            INDArray logStd = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            INDArray value = Transforms.log(Transforms.sqrt(var.add(conf.getEps()), true), false).divi(Math.log(10));
            logStd.assign(value.reshape(logStd.shape()).castTo(logStd.dataType()));
        } else {
            INDArray varParam = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR);
            varParam.assign(var.reshape(varParam.shape()).castTo(varParam.dataType()));
        }
    }

    /** A BN layer's running variance, whichever way the layer stores it. */
    public static INDArray runningVariance(Layer layer) {
        BatchNormalization conf = (BatchNormalization) layer.conf().getLayer();
        if (conf.isUseLogStd()) {
            INDArray logStd = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            INDArray std = Transforms.exp(logStd.mul(Math.log(10)), false);
            return std.mul(std).sub(conf.getEps());
        }
        return layer.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).dup();
    }

    /** A BN layer's running mean. */
    public static INDArray runningMean(Layer layer) {
        return layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).dup();
    }
}
