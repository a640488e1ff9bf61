package io.sparknas.population;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.Random;

/** A set of architectures encoded as choice vectors; stateless and safe to ship to executors. */
public interface SearchSpace extends Serializable {

    String name();

    /** Number of genes in every genome of this space. */
    int length();

    /** Number of choices of one gene; valid values are {@code 0 .. choices(gene) - 1}. */
    int choices(int gene);

    default BigInteger size() {
        BigInteger size = BigInteger.ONE;
        for (int gene = 0; gene < length(); gene++) {
            size = size.multiply(BigInteger.valueOf(choices(gene)));
        }
        return size;
    }

    default Genome sample(Random rng) {
        int[] genes = new int[length()];
        for (int gene = 0; gene < genes.length; gene++) {
            genes[gene] = rng.nextInt(choices(gene));
        }
        return Genome.of(genes);
    }

    /** @throws IllegalArgumentException naming the first gene that is out of range */
    default void validate(Genome genome) {
        if (genome.length() != length()) {
            throw new IllegalArgumentException(
                    name() + ": genome " + genome + " has " + genome.length() + " genes, expected " + length());
        }
        for (int gene = 0; gene < length(); gene++) {
            if (genome.get(gene) < 0 || genome.get(gene) >= choices(gene)) {
                throw new IllegalArgumentException(name() + ": genome " + genome + " gene " + gene
                        + " = " + genome.get(gene) + " is outside 0.." + (choices(gene) - 1));
            }
        }
    }

    Architecture decode(Genome genome);

    /** @throws IllegalArgumentException with a message naming the bad token */
    Genome parse(String text);

    default String format(Genome genome) {
        return decode(genome).format();
    }

    default String canonicalKey(Genome genome) {
        return decode(genome).canonicalKey();
    }
}
