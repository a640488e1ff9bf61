package io.sparknas.jobs.bench.predictor;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;
import io.sparknas.jobs.search.Registry;

import java.util.List;

/**
 * {@code predictor-bench.*}: each kind trained on N architectures of evaluator.tabular.tables (mean of
 * evaluator.tabular.objective over seeds), Kendall tau and Spearman rho on all the others. The booster's
 * shape is predictor.xgboost.
 */
public record PredictorBenchSettings(String space, List<String> kinds, List<Integer> trainSizes, int seeds) {
    public static final Setting<String> SPACE = Setting.choice("predictor-bench.space", "nb201", "search space",
            () -> Registry.SPACES, "The search space of the tables' architectures (one of: nb201, mobilenet).");
    public static final Setting<List<String>> KINDS = Setting.choices("predictor-bench.kinds", "[xgboost]", "predictor kind",
            () -> Registry.PREDICTOR_KINDS, "Predictor kinds compared (each one of: xgboost, xgboost-ensemble, mlp, "
                    + "mlp-pretrained, gcn).").nonEmpty("");
    public static final Setting<List<Integer>> TRAIN_SIZES = Setting.ints("predictor-bench.train-sizes",
            "[25, 50, 100, 200, 400]", "Training-set sizes (architectures) each kind is trained on.");
    public static final Setting<Integer> SEEDS = Setting.positiveInt("predictor-bench.seeds", "5",
            "Repetitions per (kind, size) with different training sets.");
    public static final List<Setting<?>> SETTINGS = List.of(SPACE, KINDS, TRAIN_SIZES, SEEDS);

    public static PredictorBenchSettings from(NasConfig config) {
        return new PredictorBenchSettings(SPACE.get(config), KINDS.get(config), TRAIN_SIZES.get(config), SEEDS.get(config));
    }
}
