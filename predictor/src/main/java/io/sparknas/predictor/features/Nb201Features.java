package io.sparknas.predictor.features;

import io.sparknas.population.Architecture;
import io.sparknas.population.space.Nb201Cell;
import io.sparknas.population.space.Nb201Space;

/** Shared NB201 facts for the featurizers: the cell's op indices and the edge layout. */
final class Nb201Features {
    static final int EDGES = 6;
    /** Source and target node of each edge, in cell-string order (node1&lt;-0 | node2&lt;-0,1 | node3&lt;-0,1,2). */
    static final int[] FROM = {0, 0, 1, 0, 1, 2};
    static final int[] TO = {1, 2, 2, 3, 3, 3};
    static final int NONE = Nb201Space.NONE;

    private Nb201Features() {
    }

    static Nb201Cell cell(Architecture architecture, String featurizer) {
        if (architecture instanceof Nb201Cell cell) {
            return cell;
        }
        throw new IllegalArgumentException(featurizer + " featurizes NB201 cells only, got "
                + (architecture == null ? "null" : architecture.getClass().getSimpleName() + " " + architecture.format()));
    }

    static int[] opIndices(Nb201Cell cell) {
        int[] ops = new int[EDGES];
        for (int edge = 0; edge < EDGES; edge++) {
            ops[edge] = Nb201Space.OPS.indexOf(cell.op(edge));
        }
        return ops;
    }

    static String edgeName(int edge) {
        return "node" + TO[edge] + "<-" + FROM[edge];
    }
}
