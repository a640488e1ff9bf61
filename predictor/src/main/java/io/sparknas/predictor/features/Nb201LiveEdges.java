package io.sparknas.predictor.features;

import io.sparknas.population.Architecture;
import io.sparknas.population.space.Nb201Space;

import java.util.List;

/**
 * Featurizes the functional equivalent of a cell: every dead edge (one that can never reach the
 * output) is set to {@code none} first, via {@link Architecture#canonicalKey()}. Cells that compute
 * the same function then get the same features, which a small training set cannot learn by itself.
 */
public final class Nb201LiveEdges implements Featurizer {
    private static final long serialVersionUID = 1L;
    private static final String PREFIX = Nb201Space.NAME + ":";
    private static final Nb201Space SPACE = new Nb201Space();
    private final Featurizer inner;

    public Nb201LiveEdges(Featurizer inner) {
        if (inner == null) {
            throw new IllegalArgumentException("Nb201LiveEdges needs the featurizer it wraps");
        }
        this.inner = inner;
    }

    @Override
    public String name() {
        return "live(" + inner.name() + ")";
    }

    @Override
    public int dimension() {
        return inner.dimension();
    }

    @Override
    public List<String> featureNames() {
        return inner.featureNames();
    }

    @Override
    public double[] features(Architecture architecture) {
        return inner.features(live(architecture));
    }

    static Architecture live(Architecture architecture) {
        String key = Nb201Features.cell(architecture, "live-edges").canonicalKey();
        if (!key.startsWith(PREFIX)) {
            throw new IllegalStateException("unexpected NB201 canonical key '" + key + "'");
        }
        return SPACE.decode(SPACE.parse(key.substring(PREFIX.length())));
    }

    @Override
    public String toString() {
        return name();
    }
}
