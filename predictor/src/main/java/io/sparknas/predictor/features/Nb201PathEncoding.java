package io.sparknas.predictor.features;

import io.sparknas.population.Architecture;
import io.sparknas.population.space.Nb201Space;

import java.util.ArrayList;
import java.util.List;

/**
 * Path encoding of an NB201 cell: one indicator per (route, op sequence) from the cell input
 * (node 0) to its output (node 3). The four routes are 0→3, 0→1→3, 0→2→3 and 0→1→2→3; a path
 * exists when no edge on it is {@code none}, so each route has 4^length op sequences:
 * 4 + 16 + 16 + 64 = 100 features.
 *
 * <p>Routes are kept apart (0→1→3 and 0→2→3 are not merged) because they are not symmetric in
 * NB201: node 2 also reads node 1, so the same op pair means different things on the two routes.
 */
public final class Nb201PathEncoding implements Featurizer {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "nb201-paths";
    /** Edge indices (cell-string order) along each input→output route. */
    static final int[][] ROUTES = {{3}, {0, 4}, {1, 5}, {0, 2, 5}};
    private static final String[] ROUTE_NAMES = {"0>3", "0>1>3", "0>2>3", "0>1>2>3"};
    /** Ops a path can carry: every op except {@code none} (index 0), renumbered 0..3. */
    private static final int PATH_OPS = Nb201Space.OPS.size() - 1;
    private static final int[] ROUTE_OFFSET = offsets();
    private static final int DIMENSION = ROUTE_OFFSET[ROUTES.length];

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(DIMENSION);
        for (int route = 0; route < ROUTES.length; route++) {
            int length = ROUTES[route].length;
            for (int code = 0; code < pow(PATH_OPS, length); code++) {
                StringBuilder name = new StringBuilder("path:").append(ROUTE_NAMES[route]).append(':');
                int rest = code;
                for (int step = 0; step < length; step++) {
                    name.append(step > 0 ? "," : "").append(Nb201Space.OPS.get(1 + rest % PATH_OPS));
                    rest /= PATH_OPS;
                }
                names.add(name.toString());
            }
        }
        return names;
    }

    @Override
    public double[] features(Architecture architecture) {
        int[] ops = Nb201Features.opIndices(Nb201Features.cell(architecture, NAME));
        double[] out = new double[DIMENSION];
        for (int route = 0; route < ROUTES.length; route++) {
            int index = pathIndex(route, ops);
            if (index >= 0) {
                out[index] = 1.0;
            }
        }
        return out;
    }

    /** Feature index of the path along {@code route}, or -1 when an edge on it is {@code none}. */
    static int pathIndex(int route, int[] ops) {
        int code = 0;
        int weight = 1;
        for (int edge : ROUTES[route]) {
            if (ops[edge] == Nb201Features.NONE) {
                return -1;
            }
            code += (ops[edge] - 1) * weight; // first step is the least significant digit
            weight *= PATH_OPS;
        }
        return ROUTE_OFFSET[route] + code;
    }

    private static int[] offsets() {
        int[] offsets = new int[ROUTES.length + 1];
        for (int route = 0; route < ROUTES.length; route++) {
            offsets[route + 1] = offsets[route] + pow(PATH_OPS, ROUTES[route].length);
        }
        return offsets;
    }

    private static int pow(int base, int exponent) {
        int result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= base;
        }
        return result;
    }

    @Override
    public String toString() {
        return NAME;
    }
}
