package io.sparknas.population.operator;

import io.sparknas.population.Genome;

import java.util.Random;

/**
 * Builds a child gene by gene, taking each gene from the second parent with probability
 * {@code mixing} and from the first otherwise. Genes are independent choices (NB201: one op per
 * edge), so any mix of two valid parents is valid. Parents are never modified.
 */
public final class UniformCrossover implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final double mixing;

    public UniformCrossover() {
        this(0.5);
    }

    public UniformCrossover(double mixing) {
        if (!(mixing > 0 && mixing < 1)) {
            throw new IllegalArgumentException("uniform crossover mixing must be in (0, 1), got " + mixing);
        }
        this.mixing = mixing;
    }

    public Genome apply(Genome first, Genome second, Random rng) {
        if (first.length() != second.length()) {
            throw new IllegalArgumentException("cannot cross genomes of " + first.length() + " and " + second.length() + " genes");
        }
        int[] child = first.toArray();
        for (int gene = 0; gene < child.length; gene++) {
            if (rng.nextDouble() < mixing) {
                child[gene] = second.get(gene);
            }
        }
        return Genome.of(child);
    }
}
