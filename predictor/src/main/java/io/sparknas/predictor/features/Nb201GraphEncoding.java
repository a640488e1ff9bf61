package io.sparknas.predictor.features;

import io.sparknas.population.Architecture;

import java.util.ArrayList;
import java.util.List;

/**
 * The node-op graph of a cell ({@link Nb201Graph}) as one flat vector, so a graph network fits the
 * {@link io.sparknas.predictor.Predictor} contract: the normalised adjacency row by row, then the
 * node one-hots node by node. The public sizes are the layout {@code gcn} unpacks.
 */
public final class Nb201GraphEncoding implements Featurizer {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "nb201-graph";
    /** Nodes of the graph: input, one per edge, output. */
    public static final int NODES = Nb201Graph.NODES;
    /** One-hot node types per node: input, output, then one per op. */
    public static final int NODE_TYPES = Nb201Graph.FEATURES;
    /** Leading entries of the vector: the normalised adjacency, {@code NODES × NODES}. */
    public static final int ADJACENCY = NODES * NODES;
    /** Trailing entries of the vector: the node types, {@code NODES × NODE_TYPES}. */
    public static final int NODE_FEATURES = NODES * NODE_TYPES;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimension() {
        return ADJACENCY + NODE_FEATURES;
    }

    @Override
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(dimension());
        for (int i = 0; i < Nb201Graph.NODES; i++) {
            for (int j = 0; j < Nb201Graph.NODES; j++) {
                names.add("adj:" + i + "," + j);
            }
        }
        for (int node = 0; node < Nb201Graph.NODES; node++) {
            for (int type = 0; type < Nb201Graph.FEATURES; type++) {
                names.add("node" + node + ":type" + type);
            }
        }
        return names;
    }

    @Override
    public double[] features(Architecture architecture) {
        double[] out = new double[dimension()];
        int at = 0;
        for (float[] row : Nb201Graph.normalisedAdjacency(architecture)) {
            for (float value : row) {
                out[at++] = value;
            }
        }
        for (float[] node : Nb201Graph.nodeFeatures(architecture)) {
            for (float value : node) {
                out[at++] = value;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return NAME;
    }
}
