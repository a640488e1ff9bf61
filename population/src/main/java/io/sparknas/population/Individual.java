package io.sparknas.population;

import java.util.Map;
import java.util.Objects;

/** An evaluated candidate: its genome, identity, the metrics the evaluator returned and when it was born. */
public record Individual(Genome genome, String arch, String canonicalKey, Map<String, Double> metrics, int generation) {

    public Individual {
        Objects.requireNonNull(genome, "genome");
        Objects.requireNonNull(canonicalKey, "canonicalKey");
        metrics = Map.copyOf(metrics);
    }
}
