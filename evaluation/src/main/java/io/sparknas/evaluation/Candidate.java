package io.sparknas.evaluation;

import io.sparknas.population.Genome;
import io.sparknas.population.SearchSpace;

import java.io.Serializable;

/** One architecture to evaluate: its identity (canonical key), its string form and its genome. */
public record Candidate(String canonicalKey, String arch, Genome genome) implements Serializable {

    public static Candidate of(SearchSpace space, Genome genome) {
        var architecture = space.decode(genome);
        return new Candidate(architecture.canonicalKey(), architecture.format(), genome);
    }
}
