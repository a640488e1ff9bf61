package io.sparknas.evaluation.darts;

import io.sparknas.evaluation.data.ImageDataset;
import io.sparknas.evaluation.dl4j.BuildOptions;
import io.sparknas.evaluation.dl4j.GraphAssembly;
import io.sparknas.evaluation.dl4j.Nb201Macro;
import io.sparknas.evaluation.supernet.Nb201Supernet;
import io.sparknas.population.space.Nb201Space;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The DARTS search network on the NB201 cell: the macro skeleton of {@code Nb201NetworkBuilder} (stem, three
 * stages of cells, two residual reductions, head), every cell edge a mixed operation over the five NB201 ops,
 * weighted by the graph input {@value #WEIGHTS} ([minibatch, 30]: column {@code 5e + op}, ops in
 * {@link Nb201Space#OPS} order; softmax(α) per edge in a search). Every cell reads the same weights: NB201
 * repeats one cell, so α is one 6 × 5 matrix. {@code none} contributes zero to the sum, but its weight takes
 * its share of the softmax (so α_none has a gradient through the other weights).
 *
 * <p>With {@code partialChannels = 1} (plain DARTS) the graph is {@code Nb201Supernet}'s with its masked sums
 * replaced by {@link MixedOpVertex}: node {@code t = Σ_e Σ_k w[5e+k] · op_k(node_src(e))}, the same layer names
 * ({@code s1c0_e3_c3_conv}), so {@code Nb201Supernet.copyInto} copies a path into a stand-alone network and a
 * one-hot weight input computes exactly that network. With {@code K > 1} (PC-DARTS) each edge first takes the
 * first C/K channels of its source ({@code <edge>_part}), runs its ops on them at C/K channels and mixes them in
 * its own {@link MixedOpVertex} (which appends the bypassed channels and shuffles); a node is the sum of its
 * edges. PC-DARTS' edge normalisation (β) is not implemented.
 *
 * <p>The architecture-weight gradient is collected from the mixed-op vertices ({@link #weightGradient}); the
 * network's own updater never sees α.
 */
public final class DartsNetwork {
    public static final String WEIGHTS = "arch_weights";
    public static final int EDGES = Nb201Supernet.EDGES;
    public static final int OPS = Nb201Supernet.OPS;
    public static final int WIDTH = EDGES * OPS;
    private static final int NODES = Nb201Supernet.NODES;

    private final ComputationGraph graph;
    private final Nb201Macro macro;
    private final int partialChannels;
    private final List<MixedOpVertexImpl> mixed = new ArrayList<>();

    private DartsNetwork(ComputationGraph graph, Nb201Macro macro, int partialChannels) {
        this.graph = graph;
        this.macro = macro;
        this.partialChannels = partialChannels;
        for (GraphVertex vertex : graph.getVertices()) {
            if (vertex instanceof MixedOpVertexImpl m) {
                mixed.add(m);
            }
        }
    }

    /** The network with initialised weights (w), built with DL4J's oneDNN helpers; {@code partialChannels} 1 is plain DARTS. */
    public static DartsNetwork build(Nb201Macro macro, int partialChannels, BuildOptions options) {
        DartsNetwork[] built = new DartsNetwork[1];
        io.sparknas.evaluation.dl4j.Dl4jNatives.withHelpers(() -> {
            built[0] = buildPlain(macro, partialChannels, options);
            return built[0].graph;
        });
        return built[0];
    }

    /** As {@link #build}, without the oneDNN helpers (e.g. double precision for gradient checks). */
    public static DartsNetwork buildPlain(Nb201Macro macro, int partialChannels, BuildOptions options) {
        Objects.requireNonNull(macro, "macro");
        if (partialChannels < 1 || macro.stemChannels() % partialChannels != 0) {
            throw new IllegalArgumentException("partial channels K must be >= 1 and divide the stem channels "
                    + macro.stemChannels() + ", got " + partialChannels);
        }
        ComputationGraph graph = Nb201Supernet.skeleton(macro, options, WEIGHTS, WIDTH, partialChannels == 1
                ? DartsNetwork::cell : (g, name, input, channels) -> partialCell(g, name, input, channels, partialChannels));
        return new DartsNetwork(graph, macro, partialChannels);
    }

    private static String cell(GraphAssembly graph, String name, String input, int channels) {
        String[] node = new String[NODES];
        node[0] = input;
        for (int target = 1; target < NODES; target++) {
            List<String> inputs = new ArrayList<>();
            List<Integer> columns = new ArrayList<>();
            for (int edge = 0; edge < EDGES; edge++) {
                if (Nb201Supernet.to(edge) == target) {
                    Nb201Supernet.addOps(graph, name + "_e" + edge, node[Nb201Supernet.from(edge)], channels, edge, inputs, columns);
                }
            }
            inputs.add(WEIGHTS);
            node[target] = graph.vertex(name + "_n" + target, new MixedOpVertex(toArray(columns), 1),
                    inputs.toArray(String[]::new));
        }
        return node[NODES - 1];
    }

    private static String partialCell(GraphAssembly graph, String name, String input, int channels, int k) {
        String[] node = new String[NODES];
        node[0] = input;
        int part = channels / k;
        for (int target = 1; target < NODES; target++) {
            List<String> edges = new ArrayList<>();
            for (int edge = 0; edge < EDGES; edge++) {
                if (Nb201Supernet.to(edge) != target) {
                    continue;
                }
                String e = name + "_e" + edge;
                String source = node[Nb201Supernet.from(edge)];
                String partial = graph.vertex(e + "_part", new ChannelSliceVertex(part), source);
                List<String> inputs = new ArrayList<>();
                List<Integer> columns = new ArrayList<>();
                Nb201Supernet.addOps(graph, e, partial, part, edge, inputs, columns);
                inputs.add(source);
                inputs.add(WEIGHTS);
                edges.add(graph.vertex(e + "_mix", new MixedOpVertex(toArray(columns), k), inputs.toArray(String[]::new)));
            }
            node[target] = graph.add(name + "_n" + target, edges);
        }
        return node[NODES - 1];
    }

    private static int[] toArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    /** An independent copy (weights, BN statistics), built with the oneDNN helpers like {@link #build}. */
    public DartsNetwork copy() {
        ComputationGraph clone = io.sparknas.evaluation.dl4j.Dl4jNatives.withHelpers(graph::clone);
        return new DartsNetwork(clone, macro, partialChannels);
    }

    public ComputationGraph graph() {
        return graph;
    }

    public Nb201Macro macro() {
        return macro;
    }

    public int partialChannels() {
        return partialChannels;
    }

    /** The weights input for {@code examples} examples: {@code weights[e][op]} at column {@code 5e + op} of every row. */
    public INDArray weightsInput(double[][] weights, long examples) {
        return weightsInput(weights, examples, graph.getConfiguration().getDataType());
    }

    public static INDArray weightsInput(double[][] weights, long examples, DataType type) {
        double[] row = new double[WIDTH];
        for (int e = 0; e < EDGES; e++) {
            for (int op = 0; op < OPS; op++) {
                row[e * OPS + op] = weights[e][op];
            }
        }
        return Nd4j.create(row, new long[] {1, WIDTH}, DataType.DOUBLE).castTo(type).repeat(0, examples);
    }

    /** One update of the network weights w on {@code batch} with the architecture weights fixed; returns the loss. */
    public double fitWeights(DataSet batch, double[][] weights) {
        INDArray w = weightsInput(weights, batch.numExamples());
        graph.fit(new MultiDataSet(new INDArray[] {batch.getFeatures(), w}, new INDArray[] {batch.getLabels()}));
        return graph.score();
    }

    /** The loss on a batch and its gradient with respect to the architecture weights, w untouched. */
    public record WeightGradient(double loss, double[][] gradient) {
    }

    /**
     * dL/dw for the loss on {@code batch} (training-mode forward: batch statistics in BN, as in a training step)
     * with respect to each architecture weight {@code w[e][op]}, summed over every cell that reads it; the
     * {@code none} column is 0 (it multiplies nothing). Nothing is updated: no weight, no BN running statistic.
     */
    public WeightGradient weightGradient(DataSet batch, double[][] weights) {
        INDArray w = weightsInput(weights, batch.numExamples());
        graph.setInputs(batch.getFeatures(), w);
        graph.setLabels(batch.getLabels());
        for (MixedOpVertexImpl m : mixed) {
            m.record(true);
        }
        double loss;
        double[] flat = new double[WIDTH];
        try {
            graph.computeGradientAndScore();
            loss = graph.score();
            for (MixedOpVertexImpl m : mixed) {
                m.addWeightGradient(flat);
            }
            // DL4J's epsilons are of the summed loss (its updater divides by the minibatch); the score is the mean
            for (int c = 0; c < flat.length; c++) {
                flat[c] /= batch.numExamples();
            }
        } finally {
            for (MixedOpVertexImpl m : mixed) {
                m.record(false);
            }
            graph.clearLayersStates();
        }
        double[][] gradient = new double[EDGES][OPS];
        for (int e = 0; e < EDGES; e++) {
            System.arraycopy(flat, e * OPS, gradient[e], 0, OPS);
        }
        return new WeightGradient(loss, gradient);
    }

    /** Accuracy (fraction) and mean cross-entropy of a sub-set of images, inference mode. */
    public record Score(double accuracy, double loss) {
    }

    /** Inference-mode accuracy and mean loss over images {@code order[0..)} of {@code data}, in batches. */
    public Score score(ImageDataset data, int[] order, double[][] weights, int batchSize) {
        int correct = 0;
        double lossSum = 0;
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            DataSet batch = data.batch(order, from, to, graph.getConfiguration().getDataType());
            INDArray probabilities = graph.outputSingle(false, batch.getFeatures(), weightsInput(weights, to - from));
            INDArray predicted = probabilities.argMax(1);
            INDArray actual = batch.getLabels().argMax(1);
            for (int i = 0; i < to - from; i++) {
                int label = actual.getInt(i);
                if (predicted.getInt(i) == label) {
                    correct++;
                }
                lossSum -= Math.log(Math.max(probabilities.getDouble(i, label), 1e-30));
            }
        }
        return new Score((double) correct / order.length, lossSum / order.length);
    }
}
