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

    /**
     * A fitted surrogate. Serializable so that {@link #local()} can be shipped to the executors that
     * score proposals in bulk.
     */
    interface Fitted extends java.io.Serializable {

        /** Predicted utilities and the model's uncertainty about each, in input order. */
        Predictions predict(List<Genome> genomes);

        /** Predicted objective values, oriented so that larger is better (utilities). */
        default double[] utilities(List<Genome> genomes) {
            return predict(genomes).utilities();
        }

        /**
         * Utilities for ranking against a bar: each is exact when it may exceed {@code threshold}, and may
         * be anything not above it otherwise (a model that can stop early does); spreads are not needed
         * (the caller ranks by utility alone). By default, {@link #predict}'s utilities.
         */
        default double[] utilitiesAbove(List<Genome> genomes, double threshold) {
            return utilities(genomes);
        }

        /**
         * The same predictions computed in the JVM that calls {@link #predict}: what a partition of
         * proposals scores with on an executor. A surrogate whose {@code predict} farms the work out
         * (to Spark) returns its model here; one that already predicts in place returns itself.
         */
        default Fitted local() {
            return this;
        }
    }

    /**
     * @param utilities predicted objective values, larger is better
     * @param spreads   the model's uncertainty about each, in the same units (0 for models without one)
     */
    record Predictions(double[] utilities, double[] spreads) {
        public Predictions {
            if (utilities.length != spreads.length) {
                throw new IllegalArgumentException(utilities.length + " utilities but " + spreads.length + " spreads");
            }
        }
    }
}
