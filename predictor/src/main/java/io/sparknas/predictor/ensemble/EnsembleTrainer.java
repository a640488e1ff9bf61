package io.sparknas.predictor.ensemble;

import io.sparknas.population.CheckpointableRandom;
import io.sparknas.predictor.Predictor;
import io.sparknas.predictor.PredictorProvenance;
import io.sparknas.predictor.PredictorTrainer;
import io.sparknas.predictor.TrainingSet;

import java.util.ArrayList;
import java.util.List;

/**
 * k members of one base trainer, each fitted with its own seed and, when {@code bootstrap}, on its
 * own resample of the rows: the disagreement between members estimates the model's uncertainty.
 */
public final class EnsembleTrainer implements PredictorTrainer {
    private final PredictorTrainer base;
    private final int members;
    private final boolean bootstrap;

    public EnsembleTrainer(PredictorTrainer base, int members, boolean bootstrap) {
        if (base == null) {
            throw new IllegalArgumentException("EnsembleTrainer needs a base trainer");
        }
        if (members < 2) {
            throw new IllegalArgumentException("an ensemble needs at least 2 members, got " + members);
        }
        this.base = base;
        this.members = members;
        this.bootstrap = bootstrap;
    }

    @Override
    public String kind() {
        return base.kind() + "-ensemble";
    }

    @Override
    public EnsemblePredictor fit(TrainingSet rows, long seed) {
        long start = System.nanoTime();
        List<Predictor> fitted = new ArrayList<>(members);
        for (int m = 0; m < members; m++) {
            // Independent member seeds derived from (seed, member), not seed+m, so ensembles with
            // neighbouring seeds share no members.
            long memberSeed = CheckpointableRandom.mix(seed * 31 + m);
            TrainingSet memberRows = bootstrap ? rows.bootstrap(CheckpointableRandom.seeded(memberSeed)) : rows;
            fitted.add(base.fit(memberRows, memberSeed));
        }
        PredictorProvenance provenance = PredictorProvenance.of(kind(), fitted.get(0).featurizer(), rows, seed, start);
        return new EnsemblePredictor(fitted, provenance);
    }

    @Override
    public String toString() {
        return "EnsembleTrainer[" + members + " x " + base + (bootstrap ? ", bootstrap" : "") + "]";
    }
}
