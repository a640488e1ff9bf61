package io.sparknas.jobs.search;

import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.strategy.Surrogate;
import io.sparknas.predictor.ensemble.EnsemblePredictor;
import io.sparknas.predictor.Predictor;
import io.sparknas.predictor.PredictorTrainer;
import io.sparknas.predictor.TrainingSet;
import io.sparknas.predictor.Uncertain;
import io.sparknas.predictor.xgboost.GenomeScoring;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Surrogate} backed by a {@link Predictor} trained on the driver; ensembles give the
 * uncertainty bonus. Proposals are scored by a {@link Scoring}: on the driver (benchmark) or as a
 * Dataset on the executors with the model broadcast (search job, {@link SparkScoring}).
 */
public final class PredictorSurrogate implements Surrogate {
    private final SearchSpace space;
    private final PredictorTrainer trainer;
    private final Scoring scoring;

    /** Predicted mean and spread of each genome, in input order. */
    public interface Scoring {
        List<Uncertain> score(Predictor predictor, SearchSpace space, List<Genome> genomes);
    }

    public PredictorSurrogate(SearchSpace space, PredictorTrainer trainer, Scoring scoring) {
        this.space = space;
        this.trainer = trainer;
        this.scoring = scoring;
    }

    /** Scores in this JVM. */
    public static Scoring onDriver() {
        return (predictor, space, genomes) -> predictWithUncertainty(predictor, space, genomes);
    }

    /** What every scoring computes, wherever it runs. */
    static List<Uncertain> predictWithUncertainty(Predictor predictor, SearchSpace space, List<Genome> genomes) {
        var architectures = genomes.stream().map(g -> (io.sparknas.population.Architecture) space.decode(g)).toList();
        if (predictor instanceof EnsemblePredictor ensemble) {
            return ensemble.predictAllWithUncertainty(architectures);
        }
        return Arrays.stream(predictor.predictAll(architectures)).mapToObj(mean -> new Uncertain(mean, 0)).toList();
    }

    @Override
    public Fitted fit(List<Individual> evaluated, Objective objective, long seed) {
        List<TrainingSet.Row> rows = evaluated.stream()
                .filter(i -> Double.isFinite(i.metrics().getOrDefault(objective.metric(), Double.NaN)))
                .map(i -> new TrainingSet.Row(space.decode(i.genome()), i.metrics().get(objective.metric()))).toList();
        Predictor predictor = trainer.fit(new TrainingSet("search history", objective.metric(), rows), seed);
        double sign = objective.direction() == Objective.Direction.MAXIMIZE ? 1 : -1;
        return new Scored(predictor, space, sign, scoring);
    }

    /** Predictions as utilities: the mean with the objective's sign, the spread as it is. */
    private static Predictions oriented(List<Uncertain> scored, double sign) {
        return new Predictions(scored.stream().mapToDouble(u -> sign * u.mean()).toArray(),
                scored.stream().mapToDouble(Uncertain::std).toArray());
    }

    /** A fitted predictor scored by {@link Scoring} (on the executors in a search job). */
    private static final class Scored implements Fitted {
        private static final long serialVersionUID = 1L;
        private final Predictor predictor;
        private final SearchSpace space;
        private final double sign;
        private final transient Scoring scoring; // the driver's way of scoring; never shipped

        Scored(Predictor predictor, SearchSpace space, double sign, Scoring scoring) {
            this.predictor = predictor;
            this.space = space;
            this.sign = sign;
            this.scoring = scoring;
        }

        @Override
        public Predictions predict(List<Genome> genomes) {
            return oriented(scoring.score(predictor, space, genomes), sign);
        }

        @Override
        public Fitted local() {
            return new InPlace(predictor, space, sign);
        }
    }

    /**
     * The same predictor scored in the calling JVM: what a partition of proposals ships to its executor.
     * XGBoost models on the macro space take the fast path ({@link GenomeScoring}).
     */
    private static final class InPlace implements Fitted {
        private static final long serialVersionUID = 1L;
        private final Predictor predictor;
        private final SearchSpace space;
        private final double sign;
        private transient Optional<GenomeScoring> fast; // per JVM, once the predictor has arrived

        InPlace(Predictor predictor, SearchSpace space, double sign) {
            this.predictor = predictor;
            this.space = space;
            this.sign = sign;
        }

        /** The fast path, looked for once per JVM the predictor arrives in. */
        private Optional<GenomeScoring> fast() {
            if (fast == null) {
                fast = GenomeScoring.of(predictor);
            }
            return fast;
        }

        @Override
        public Predictions predict(List<Genome> genomes) {
            return oriented(fast().isPresent() ? fast().get().score(genomes) : predictWithUncertainty(predictor, space, genomes),
                    sign);
        }

        /** One XGBoost model on the macro space, maximised: the trees stop early for what cannot reach the bar. */
        @Override
        public double[] utilitiesAbove(List<Genome> genomes, double threshold) {
            if (sign > 0 && fast().isPresent() && fast().get().bounded()) {
                return fast().get().above(genomes, threshold);
            }
            return utilities(genomes);
        }
    }
}
