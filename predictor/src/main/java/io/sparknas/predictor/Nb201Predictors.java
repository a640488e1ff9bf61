package io.sparknas.predictor;

import io.sparknas.predictor.ensemble.EnsembleTrainer;
import io.sparknas.predictor.features.ConcatFeaturizer;
import io.sparknas.predictor.features.CostFeatures;
import io.sparknas.predictor.features.Featurizer;
import io.sparknas.predictor.features.Nb201LiveEdges;
import io.sparknas.predictor.features.Nb201OneHot;
import io.sparknas.predictor.features.Nb201OpCounts;
import io.sparknas.predictor.features.Nb201PathEncoding;
import io.sparknas.predictor.gcn.GcnSettings;
import io.sparknas.predictor.gcn.GcnTrainer;
import io.sparknas.predictor.mlp.MlpSettings;
import io.sparknas.predictor.mlp.MlpTrainer;
import io.sparknas.predictor.mlp.PretrainSettings;
import io.sparknas.predictor.mlp.PretrainedMlpTrainer;
import io.sparknas.predictor.xgboost.XgboostSettings;
import io.sparknas.predictor.xgboost.XgboostTrainer;

/**
 * How each predictor kind is built for NB201: its featurizer and the settings PredictorBench
 * measured best. Which kind names exist is {@link PredictorKinds}' to say; this class only holds
 * the recipes it looks up.
 */
public final class Nb201Predictors {
    /** Members of the bootstrap ensembles, in every space. */
    public static final int ENSEMBLE_MEMBERS = 5;

    private Nb201Predictors() {
    }

    /**
     * One-hot + path encoding + log costs + op counts, all of the cell's functional equivalent.
     * Featurizing the live cell lifted Kendall τ at 100 training cells from ≈0.60 to ≈0.75.
     */
    public static Featurizer defaultFeaturizer() {
        return new Nb201LiveEdges(ConcatFeaturizer.of(new Nb201OneHot(), new Nb201PathEncoding(),
                CostFeatures.cifar10(), new Nb201OpCounts()));
    }

    public static XgboostTrainer xgboost() {
        return xgboost(XgboostSettings.DEFAULTS);
    }

    public static XgboostTrainer xgboost(XgboostSettings settings) {
        return new XgboostTrainer(defaultFeaturizer(), settings);
    }

    public static EnsembleTrainer xgboostEnsemble() {
        return xgboostEnsemble(XgboostSettings.DEFAULTS);
    }

    /** Bootstrap members, so the spread reflects which cells happened to be sampled. */
    public static EnsembleTrainer xgboostEnsemble(XgboostSettings settings) {
        return new EnsembleTrainer(xgboost(settings), ENSEMBLE_MEMBERS, true);
    }

    /**
     * One-hot + path encoding + op counts of the live cell, without the analytic costs: the input
     * of both MLP kinds, so pretraining on params/FLOPs has something to learn and the two are
     * compared on equal inputs.
     */
    public static Featurizer networkFeaturizer() {
        return new Nb201LiveEdges(ConcatFeaturizer.of(new Nb201OneHot(), new Nb201PathEncoding(),
                new Nb201OpCounts()));
    }

    public static MlpTrainer mlp() {
        return new MlpTrainer(networkFeaturizer(), MlpSettings.DEFAULTS);
    }

    public static PretrainedMlpTrainer mlpPretrained() {
        return new PretrainedMlpTrainer(networkFeaturizer(), MlpSettings.DEFAULTS, PretrainSettings.DEFAULTS);
    }

    public static GcnTrainer gcn() {
        return new GcnTrainer(GcnSettings.DEFAULTS);
    }
}
