package io.sparknas.population.strategy;

import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;

import java.util.List;

/**
 * A model of the objective learnt from evaluated individuals, as {@link PredictorGuided} needs it.
 * Implementations live where the predictors are (the population module knows no predictor).
 */
public interface Surrogate {

    /** Fits on the evaluated individuals' values of {@code objective}; deterministic for a seed. */
    Fitted fit(List<Individual> evaluated, Objective objective, long seed);

    /** A fitted surrogate. */
    interface Fitted {

        /** Predicted objective values, oriented so that larger is better (utilities). */
        double[] utilities(List<Genome> genomes);

        /** Utilities plus {@code bonus} times the model's uncertainty (0 for models without one). */
        double[] optimistic(List<Genome> genomes, double bonus);
    }
}
