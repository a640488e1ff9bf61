package io.sparknas.predictor.features;

import io.sparknas.population.Architecture;
import io.sparknas.population.space.Nb201Space;

/**
 * An NB201 cell in node-op form, the layout graph networks read. NB201 puts its ops on edges, so
 * every edge becomes a node carrying its op, between an input node and an output node: 8 nodes.
 * Edge-node e reads the cell input when its edge starts at cell node 0, otherwise every edge-node
 * that feeds its source cell node; edges into cell node 3 feed the output node. A {@code none}
 * edge carries nothing, so its node keeps only its self loop. Dead edges are normalised to
 * {@code none} first (see {@link Nb201LiveEdges}), so equivalent cells give equal graphs.
 */
final class Nb201Graph {
    static final int NODES = Nb201Features.EDGES + 2;
    static final int INPUT = 0;
    static final int OUTPUT = NODES - 1;
    /** Node types: input, output, then one per op. */
    static final int FEATURES = 2 + Nb201Space.OPS.size();

    private Nb201Graph() {
    }

    /** One-hot node types, {@code [node][type]}. */
    static float[][] nodeFeatures(Architecture architecture) {
        int[] ops = liveOps(architecture);
        float[][] features = new float[NODES][FEATURES];
        features[INPUT][0] = 1;
        features[OUTPUT][1] = 1;
        for (int edge = 0; edge < ops.length; edge++) {
            features[edgeNode(edge)][2 + ops[edge]] = 1;
        }
        return features;
    }

    /**
     * The GCN propagation matrix D^-1/2 (A + Aᵀ + I) D^-1/2: the wiring made undirected (so
     * information reaches every node in a few layers from both ends) with self loops.
     */
    static float[][] normalisedAdjacency(Architecture architecture) {
        int[] ops = liveOps(architecture);
        float[][] a = new float[NODES][NODES];
        for (int node = 0; node < NODES; node++) {
            a[node][node] = 1;
        }
        for (int edge = 0; edge < ops.length; edge++) {
            if (ops[edge] == Nb201Features.NONE) {
                continue;
            }
            int node = edgeNode(edge);
            if (Nb201Features.FROM[edge] == 0) {
                connect(a, INPUT, node);
            }
            for (int feeder = 0; feeder < ops.length; feeder++) {
                if (ops[feeder] != Nb201Features.NONE && Nb201Features.TO[feeder] == Nb201Features.FROM[edge]) {
                    connect(a, edgeNode(feeder), node);
                }
            }
            if (Nb201Features.TO[edge] == 3) {
                connect(a, node, OUTPUT);
            }
        }
        float[] inverseSqrtDegree = new float[NODES];
        for (int i = 0; i < NODES; i++) {
            float degree = 0;
            for (int j = 0; j < NODES; j++) {
                degree += a[i][j];
            }
            inverseSqrtDegree[i] = (float) (1 / Math.sqrt(degree));
        }
        for (int i = 0; i < NODES; i++) {
            for (int j = 0; j < NODES; j++) {
                a[i][j] *= inverseSqrtDegree[i] * inverseSqrtDegree[j];
            }
        }
        return a;
    }

    private static void connect(float[][] a, int from, int to) {
        a[from][to] = 1;
        a[to][from] = 1;
    }

    private static int edgeNode(int edge) {
        return 1 + edge;
    }

    private static int[] liveOps(Architecture architecture) {
        return Nb201Features.opIndices(Nb201Features.cell(Nb201LiveEdges.live(architecture), "nb201-graph"));
    }
}
