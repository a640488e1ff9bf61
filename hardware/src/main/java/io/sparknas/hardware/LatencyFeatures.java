package io.sparknas.hardware;

import io.sparknas.population.space.Nb201Cell;

/**
 * How a {@link LatencyTableModel} describes a cell to its linear fit. {@code none} is the reference
 * level in both encodings (a weight is the extra latency of an op over {@code none}), which keeps the
 * design matrix full-rank, since every edge always holds exactly one op.
 */
public enum LatencyFeatures {
    /** The textbook additive model: one weight per (edge, op), 24 weights. */
    PER_EDGE_OPS {
        @Override
        double[] of(Nb201Cell cell) {
            int[] ops = CellOps.opIndices(cell);
            double[] features = new double[size()];
            for (int edge = 0; edge < CellOps.EDGES; edge++) {
                if (ops[edge] != CellOps.NONE) {
                    features[edge * NON_NONE_OPS + slot(ops[edge])] = 1;
                }
            }
            return features;
        }

        @Override
        int size() {
            return CellOps.EDGES * NON_NONE_OPS;
        }
    },
    /**
     * One weight per op, shared by all edges: the number of edges holding each op. Every edge of an
     * NB201 cell sees the same tensor shape and the reference network runs every edge, dead or
     * live, so an op should cost the same wherever it sits; tying the weights leaves 4 unknowns
     * instead of 24 and fits well from a few dozen measurements.
     */
    OP_COUNTS {
        @Override
        double[] of(Nb201Cell cell) {
            double[] features = new double[size()];
            for (int op : CellOps.opIndices(cell)) {
                if (op != CellOps.NONE) {
                    features[slot(op)]++;
                }
            }
            return features;
        }

        @Override
        int size() {
            return NON_NONE_OPS;
        }
    };

    private static final int NON_NONE_OPS = CellOps.OP_COUNT - 1;

    abstract double[] of(Nb201Cell cell);

    abstract int size();

    /** Column of a non-{@code none} op within one edge's block. */
    private static int slot(int op) {
        return op < CellOps.NONE ? op : op - 1;
    }
}
