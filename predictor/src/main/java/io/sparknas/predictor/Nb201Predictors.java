package io.sparknas.predictor;

/** The predictor kinds this module offers for NB201, with the settings PredictorBench measured best. */
public final class Nb201Predictors {
    public static final String XGBOOST = "xgboost";
    public static final String XGBOOST_ENSEMBLE = "xgboost-ensemble";
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
        return new XgboostTrainer(defaultFeaturizer(), XgboostSettings.DEFAULTS);
    }

    /** Bootstrap members, so the spread reflects which cells happened to be sampled. */
    public static EnsembleTrainer xgboostEnsemble() {
        return new EnsembleTrainer(xgboost(), ENSEMBLE_MEMBERS, true);
    }

    /** The trainer for a kind name, as the CLI and configs spell it. */
    public static PredictorTrainer byKind(String kind) {
        return switch (kind == null ? "" : kind) {
            case XGBOOST -> xgboost();
            case XGBOOST_ENSEMBLE -> xgboostEnsemble();
            default -> throw new IllegalArgumentException("unknown predictor kind '" + kind + "' (known: "
                    + XGBOOST + ", " + XGBOOST_ENSEMBLE + ")");
        };
    }
}
