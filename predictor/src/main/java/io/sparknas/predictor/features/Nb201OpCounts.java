package io.sparknas.predictor.features;

import io.sparknas.population.Architecture;
import io.sparknas.population.space.Nb201Space;

import java.util.ArrayList;
import java.util.List;

/**
 * Coarse shape of a cell: how many edges carry each op, and the most convolutions on any
 * input→output path (the cell's effective depth). Trees split on these directly instead of
 * having to add up one-hot columns, which takes many more rows to learn.
 */
public final class Nb201OpCounts implements Featurizer {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "nb201-opcounts";
    private static final int OPS = Nb201Space.OPS.size();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimension() {
        return OPS + 1;
    }

    @Override
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        Nb201Space.OPS.forEach(op -> names.add("count:" + op));
        names.add("max_convs_on_path");
        return names;
    }

    @Override
    public double[] features(Architecture architecture) {
        int[] ops = Nb201Features.opIndices(Nb201Features.cell(architecture, NAME));
        double[] out = new double[dimension()];
        for (int op : ops) {
            out[op] += 1;
        }
        int deepest = 0;
        for (int[] route : Nb201PathEncoding.ROUTES) {
            int convs = 0;
            boolean open = true;
            for (int edge : route) {
                open &= ops[edge] != Nb201Features.NONE;
                String op = Nb201Space.OPS.get(ops[edge]);
                convs += op.startsWith("nor_conv") ? 1 : 0;
            }
            if (open) {
                deepest = Math.max(deepest, convs);
            }
        }
        out[OPS] = deepest;
        return out;
    }

    @Override
    public String toString() {
        return NAME;
    }
}
