package io.sparknas.population.operator;

import io.sparknas.population.Genome;
import io.sparknas.population.SearchSpace;

import java.util.Random;

/** Changes one uniformly chosen gene to a different, uniformly chosen value (NB201: one edge to another op). */
public final class PointMutation implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final SearchSpace space;

    public PointMutation(SearchSpace space) {
        this.space = space;
    }

    public Genome apply(Genome parent, Random rng) {
        int gene = rng.nextInt(space.length());
        int options = space.choices(gene);
        if (options < 2) {
            return parent;
        }
        int offset = 1 + rng.nextInt(options - 1); // never the current value
        return parent.with(gene, (parent.get(gene) + offset) % options);
    }
}
