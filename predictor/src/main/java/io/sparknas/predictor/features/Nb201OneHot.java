package io.sparknas.predictor.features;

import io.sparknas.population.Architecture;
import io.sparknas.population.space.Nb201Space;

import java.util.ArrayList;
import java.util.List;

/** 6 edges × 5 ops: feature {@code edge*5 + op} is 1 when that edge carries that op. */
public final class Nb201OneHot implements Featurizer {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "nb201-onehot";
    private static final int OPS = Nb201Space.OPS.size();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimension() {
        return Nb201Features.EDGES * OPS;
    }

    @Override
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(dimension());
        for (int edge = 0; edge < Nb201Features.EDGES; edge++) {
            for (String op : Nb201Space.OPS) {
                names.add(Nb201Features.edgeName(edge) + "=" + op);
            }
        }
        return names;
    }

    @Override
    public double[] features(Architecture architecture) {
        int[] ops = Nb201Features.opIndices(Nb201Features.cell(architecture, NAME));
        double[] out = new double[dimension()];
        for (int edge = 0; edge < ops.length; edge++) {
            out[edge * OPS + ops[edge]] = 1.0;
        }
        return out;
    }

    @Override
    public String toString() {
        return NAME;
    }
}
