package io.sparknas.jobs.predictors;

import io.sparknas.jobs.config.ConfigErrors;
import io.sparknas.jobs.config.Names;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;
import io.sparknas.jobs.search.Registry;
import io.sparknas.predictor.xgboost.XgboostSettings;

import java.util.List;

/**
 * {@code train-predictor.*}: fit one predictor on the store's evaluations (OK rows of one space, evaluator
 * and fidelity; the target metric averaged over seeds per canonical key) and record it in {@code predictors}.
 * The booster's shape is {@code predictor.xgboost.*} ({@link XgboostKeys}).
 */
public record TrainPredictorSettings(String kind, String target, String space, String evaluator, String fidelity,
                              double holdout, int minTrain, long seed, String id, int sparkThreshold,
                              int sparkWorkers, XgboostSettings xgboost) {
    static final Setting<String> KIND = Setting.choice("train-predictor.kind", "xgboost", "predictor kind",
            () -> Registry.PREDICTOR_KINDS, "The predictor kind (one of: xgboost, xgboost-ensemble, mlp, mlp-pretrained, "
                    + "gcn; mobilenet has the xgboost kinds only).");
    static final Setting<String> TARGET = Setting.required("train-predictor.target", "\"\"",
            "A key of evaluations.metrics, e.g. cifar10_valid_val_acc (required).");
    static final Setting<String> SPACE = Setting.choice("train-predictor.space", "nb201", "search space",
            () -> Registry.SPACES, "The evaluations used: those of this space (one of: nb201, mobilenet) ...");
    static final Setting<String> EVALUATOR = Setting.choice("train-predictor.evaluator", "tabular", "evaluator",
            () -> Registry.EVALUATORS, "... made by this evaluator (one of: tabular, dl4j-train, supernet) ...");
    static final Setting<String> FIDELITY = Setting.required("train-predictor.fidelity", "\"200ep\"",
            "... at this fidelity.");
    static final Setting<Double> HOLDOUT = Setting.number("train-predictor.holdout", "0.2",
            "Fraction of the architectures held out (seeded) to measure Kendall tau and Spearman rho; 0 = none.")
            .require(h -> h >= 0 && h < 1, "in [0, 1)");
    static final Setting<Integer> MIN_TRAIN = Setting.atLeast("train-predictor.min-train", "20", 2, "",
            "Fewer training architectures (after the hold-out) than this is an error.");
    static final Setting<Long> SEED = Setting.whole("train-predictor.seed", "0",
            "Seed of the hold-out split and of the training.");
    // empty: an id derived from the settings; anything else becomes a folder name, so it must be a plain name
    static final Setting<String> ID = Setting.string("train-predictor.id", "\"\"",
            "Empty: derived from space, evaluator, fidelity, target, kind, seed and the table version read.").check(id -> {
                if (!id.isEmpty()) {
                    Names.check(ConfigErrors.name("train-predictor.id"), id);
                }
                return null;
            });
    static final Setting<Integer> SPARK_THRESHOLD = Setting.positiveInt("train-predictor.spark-threshold", "200000",
            "xgboost with more training rows than this trains with xgboost4j-spark on the executors instead of the "
                    + "driver-side Booster; both give the same kind of predictor.");
    static final Setting<Integer> SPARK_WORKERS = Setting.atLeast("train-predictor.spark-workers", "0", 0, "",
            "xgboost4j-spark workers (0 = Spark's default parallelism).");
    public static final List<Setting<?>> SETTINGS = List.of(KIND, TARGET, SPACE, EVALUATOR, FIDELITY, HOLDOUT, MIN_TRAIN, SEED, ID,
            SPARK_THRESHOLD, SPARK_WORKERS);

    static TrainPredictorSettings from(NasConfig config) {
        String id = ID.get(config); // first: an id that is not a plain name is refused whatever else is missing
        return new TrainPredictorSettings(KIND.get(config), TARGET.get(config), SPACE.get(config), EVALUATOR.get(config),
                FIDELITY.get(config), HOLDOUT.get(config), MIN_TRAIN.get(config), SEED.get(config), id,
                SPARK_THRESHOLD.get(config), SPARK_WORKERS.get(config), XgboostKeys.read(config));
    }
}
