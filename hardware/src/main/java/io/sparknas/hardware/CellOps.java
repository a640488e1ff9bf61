package io.sparknas.hardware;

import io.sparknas.population.Architecture;
import io.sparknas.population.space.Nb201Cell;
import io.sparknas.population.space.Nb201Space;

/** Reads the operations of an NB201 cell as indices into {@link Nb201Space#OPS}. */
final class CellOps {
    static final int EDGES = 6;
    static final int NONE = Nb201Space.OPS.indexOf("none");
    static final int SKIP = Nb201Space.OPS.indexOf("skip_connect");
    static final int CONV_1X1 = Nb201Space.OPS.indexOf("nor_conv_1x1");
    static final int CONV_3X3 = Nb201Space.OPS.indexOf("nor_conv_3x3");
    static final int AVG_POOL_3X3 = Nb201Space.OPS.indexOf("avg_pool_3x3");
    static final int OP_COUNT = Nb201Space.OPS.size();

    private CellOps() {
    }

    static int[] opIndices(Nb201Cell cell) {
        if (cell == null) {
            throw new IllegalArgumentException("NB201 cell must not be null");
        }
        int[] ops = new int[EDGES];
        for (int edge = 0; edge < EDGES; edge++) {
            ops[edge] = Nb201Space.OPS.indexOf(cell.op(edge));
        }
        return ops;
    }

    /** The cost models here only understand NB201 cells; anything else is a wiring mistake worth naming. */
    static Nb201Cell requireNb201(Architecture architecture, String model) {
        if (architecture instanceof Nb201Cell cell) {
            return cell;
        }
        throw new IllegalArgumentException("cost model '" + model + "' only prices NB201 cells, got "
                + (architecture == null ? "null" : architecture.getClass().getName() + " '" + architecture.format() + "'"));
    }
}
