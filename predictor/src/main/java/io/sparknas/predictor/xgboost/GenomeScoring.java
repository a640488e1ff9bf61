package io.sparknas.predictor.xgboost;

import io.sparknas.population.Genome;
import io.sparknas.predictor.Predictor;
import io.sparknas.predictor.Uncertain;
import io.sparknas.predictor.ensemble.EnsemblePredictor;
import io.sparknas.predictor.features.MobileNetFeatures;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fast path of {@code predictAll} / {@link EnsemblePredictor#predictAllWithUncertainty} for
 * XGBoost models (one, or an ensemble sharing a featurizer) on the macro space: genes are written
 * straight into one float matrix ({@link MobileNetFeatures#write}, no architecture objects) and every
 * member walks its trees in Java ({@link XgboostTrees#predict}), with no native call and no lock, so
 * the tasks of one executor score side by side. Used where millions of proposals are scored; the
 * slow path stays the reference ({@code GenomeScoringTest} checks they agree).
 */
public final class GenomeScoring {
    private final MobileNetFeatures features;
    private final List<XgboostTrees> members;

    private GenomeScoring(MobileNetFeatures features, List<XgboostTrees> members) {
        this.features = features;
        this.members = members;
    }

    /** The fast path for {@code predictor}, when it has one (XGBoost on {@link MobileNetFeatures}). */
    public static Optional<GenomeScoring> of(Predictor predictor) {
        List<Predictor> models = predictor instanceof EnsemblePredictor ensemble ? ensemble.members() : List.of(predictor);
        if (!(predictor.featurizer() instanceof MobileNetFeatures features)) {
            return Optional.empty();
        }
        List<XgboostTrees> trees = new ArrayList<>();
        for (Predictor model : models) {
            if (!(model instanceof XgboostPredictor xgboost) || !(xgboost.featurizer() instanceof MobileNetFeatures)) {
                return Optional.empty();
            }
            trees.add(xgboost.trees());
        }
        return Optional.of(new GenomeScoring(features, trees));
    }

    /** Whether {@link #above} applies: one model, no ensemble (an ensemble's spread has no such bound). */
    public boolean bounded() {
        return members.size() == 1;
    }

    /**
     * One model's predictions, each exact when it may reach {@code threshold} and negative infinity when
     * it cannot ({@link XgboostTrees.Bounded#above}): most of a large batch stops after a few trees.
     */
    public double[] above(List<Genome> genomes, double threshold) {
        if (!bounded()) {
            throw new IllegalStateException("bounded scoring needs one model, got " + members.size());
        }
        int width = features.dimension();
        float[] matrix = new float[genomes.size() * width];
        double[] scratch = new double[2];
        for (int i = 0; i < genomes.size(); i++) {
            features.write(genomes.get(i).toArray(), matrix, i * width, scratch);
        }
        double[] out = new double[genomes.size()];
        members.get(0).bounded().above(matrix, genomes.size(), width, threshold, out);
        return out;
    }

    /** Mean and spread (population standard deviation over the members; 0 for one model) of each genome. */
    public List<Uncertain> score(List<Genome> genomes) {
        int width = features.dimension();
        float[] row = new float[width];
        double[] scratch = new double[2];
        double[] values = new double[members.size()];
        List<Uncertain> out = new ArrayList<>(genomes.size());
        for (Genome genome : genomes) {
            features.write(genome.toArray(), row, 0, scratch);
            double mean = 0;
            for (int m = 0; m < values.length; m++) {
                values[m] = members.get(m).predict(row, 0);
                mean += values[m];
            }
            mean /= values.length;
            double squares = 0;
            for (double value : values) {
                squares += (value - mean) * (value - mean);
            }
            out.add(new Uncertain(mean, Math.sqrt(squares / values.length)));
        }
        return out;
    }
}
