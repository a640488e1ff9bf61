package io.sparknas.predictor;

import io.sparknas.population.Architecture;

import java.util.ArrayList;
import java.util.List;

/**
 * The node-op graph of a cell ({@link Nb201Graph}) as one flat vector, so a graph network fits the
 * {@link Predictor} contract: the normalised adjacency row by row, then the node one-hots node by
 * node.
 */
public final class Nb201GraphEncoding implements Featurizer {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "nb201-graph";
    static final int ADJACENCY = Nb201Graph.NODES * Nb201Graph.NODES;
    static final int NODE_FEATURES = Nb201Graph.NODES * Nb201Graph.FEATURES;

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
