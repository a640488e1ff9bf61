package io.sparknas.jobs.search;

import io.sparknas.population.Architecture;
import io.sparknas.population.Genome;
import io.sparknas.population.Individual;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.strategy.Surrogate;
import io.sparknas.predictor.EnsemblePredictor;
import io.sparknas.predictor.Predictor;
import io.sparknas.predictor.PredictorTrainer;
import io.sparknas.predictor.TrainingSet;
import io.sparknas.predictor.Uncertain;

import java.util.List;

/** A {@link Surrogate} backed by a trained {@link Predictor}; ensembles give the uncertainty bonus. */
public final class PredictorSurrogate implements Surrogate {
    private final SearchSpace space;
    private final PredictorTrainer trainer;

    public PredictorSurrogate(SearchSpace space, PredictorTrainer trainer) {
        this.space = space;
        this.trainer = trainer;
    }

    @Override
    public Fitted fit(List<Individual> evaluated, Objective objective, long seed) {
        List<TrainingSet.Row> rows = evaluated.stream()
                .filter(i -> Double.isFinite(i.metrics().getOrDefault(objective.metric(), Double.NaN)))
                .map(i -> new TrainingSet.Row(space.decode(i.genome()), i.metrics().get(objective.metric()))).toList();
        Predictor predictor = trainer.fit(new TrainingSet("search history", objective.metric(), rows), seed);
        double sign = objective.direction() == Objective.Direction.MAXIMIZE ? 1 : -1;
        return new Fitted() {
            @Override
            public double[] utilities(List<Genome> genomes) {
                double[] predicted = predictor.predictAll(architectures(genomes));
                for (int i = 0; i < predicted.length; i++) {
                    predicted[i] *= sign;
                }
                return predicted;
            }

            @Override
            public double[] optimistic(List<Genome> genomes, double bonus) {
                if (!(predictor instanceof EnsemblePredictor ensemble)) {
                    return utilities(genomes);
                }
                List<Uncertain> predicted = ensemble.predictAllWithUncertainty(architectures(genomes));
                return predicted.stream().mapToDouble(u -> sign * u.mean() + bonus * u.std()).toArray();
            }
        };
    }

    private List<Architecture> architectures(List<Genome> genomes) {
        return genomes.stream().map(g -> (Architecture) space.decode(g)).toList();
    }
}
