package io.sparknas.population.proposal;

import io.sparknas.population.Genome;

import java.io.Serializable;
import java.util.Random;

/**
 * One generation's parents, frozen, and the strategy's way of making a child from them: what a
 * strategy's {@code ask} does for one genome, as a value that can be shipped to executors. Every
 * child is drawn independently with the random source it is given, so a partition of millions of
 * proposals needs nothing from the driver but this object and a seed.
 */
@FunctionalInterface
public interface Breeder extends Serializable {

    /** One child (a mutation, a crossover, or a uniform sample while the parents are too few). */
    Genome breed(Random random);

    /** Uniform samples of the space: a strategy's children before it has parents (and random search's). */
    static Breeder uniform(io.sparknas.population.SearchSpace space) {
        return space::sample;
    }
}
