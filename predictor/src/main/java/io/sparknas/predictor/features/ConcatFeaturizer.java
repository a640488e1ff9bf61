package io.sparknas.predictor.features;

import io.sparknas.population.Architecture;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Several featurizers side by side; its name lists theirs joined by {@code +}. */
public final class ConcatFeaturizer implements Featurizer {
    private static final long serialVersionUID = 1L;
    private final List<Featurizer> parts;
    private final int dimension;

    public ConcatFeaturizer(List<? extends Featurizer> parts) {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("ConcatFeaturizer needs at least one featurizer");
        }
        this.parts = List.copyOf(parts);
        this.dimension = this.parts.stream().mapToInt(Featurizer::dimension).sum();
    }

    public static ConcatFeaturizer of(Featurizer... parts) {
        return new ConcatFeaturizer(List.of(parts));
    }

    public List<Featurizer> parts() {
        return parts;
    }

    @Override
    public String name() {
        return parts.stream().map(Featurizer::name).collect(Collectors.joining("+"));
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(dimension);
        parts.forEach(part -> names.addAll(part.featureNames()));
        return names;
    }

    @Override
    public double[] features(Architecture architecture) {
        double[] out = new double[dimension];
        int at = 0;
        for (Featurizer part : parts) {
            double[] values = part.features(architecture);
            if (values.length != part.dimension()) {
                // A part that lies about its dimension would silently shift every later feature.
                throw new IllegalStateException(part.name() + " returned " + values.length
                        + " features, declared " + part.dimension());
            }
            System.arraycopy(values, 0, out, at, values.length);
            at += values.length;
        }
        return out;
    }

    @Override
    public String toString() {
        return name();
    }
}
