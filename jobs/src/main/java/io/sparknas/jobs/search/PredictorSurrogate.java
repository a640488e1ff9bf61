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

import java.util.Arrays;
import java.util.List;

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
        return genomes -> {
            List<Uncertain> scored = scoring.score(predictor, space, genomes);
            return new Predictions(scored.stream().mapToDouble(u -> sign * u.mean()).toArray(),
                    scored.stream().mapToDouble(Uncertain::std).toArray());
        };
    }
}
