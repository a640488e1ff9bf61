package io.sparknas.jobs.predictors;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;
import io.sparknas.predictor.xgboost.XgboostSettings;

import java.util.List;
import java.util.function.Supplier;

/**
 * {@code predictor.xgboost.*}: the booster's shape ({@code rounds}, {@code eta}, {@code max-depth}) wherever
 * an xgboost or xgboost-ensemble predictor is trained (train-predictor, predictor-bench, the predictor-guided
 * surrogate; throughput defaults to it); the other hyperparameters keep {@link XgboostSettings#DEFAULTS}.
 * The ranges are {@link XgboostSettings}'s own; the settings here name the key that broke one.
 */
public final class XgboostKeys {
    public static final Setting<Integer> ROUNDS = rounds("predictor.xgboost.rounds", "500", "Boosting rounds.");
    public static final Setting<Double> ETA = eta("predictor.xgboost.eta", "0.03", "Learning rate, in (0, 1].");
    public static final Setting<Integer> MAX_DEPTH = maxDepth("predictor.xgboost.max-depth", "5", "Tree depth, 1..16.");
    public static final List<Setting<?>> SETTINGS = List.of(ROUNDS, ETA, MAX_DEPTH);

    private XgboostKeys() {
    }

    /** A rounds key checked by {@link XgboostSettings#withRounds}. */
    public static Setting<Integer> rounds(String key, String defaultValue, String doc) {
        return Setting.integer(key, defaultValue, doc).check(v -> problem(() -> XgboostSettings.DEFAULTS.withRounds(v)));
    }

    public static Setting<Double> eta(String key, String defaultValue, String doc) {
        return Setting.number(key, defaultValue, doc).check(v -> problem(() -> XgboostSettings.DEFAULTS.withEta(v)));
    }

    public static Setting<Integer> maxDepth(String key, String defaultValue, String doc) {
        return Setting.integer(key, defaultValue, doc).check(v -> problem(() -> XgboostSettings.DEFAULTS.withMaxDepth(v)));
    }

    /** The shape of every XGBoost predictor trained from the store or a benchmark's tables. */
    public static XgboostSettings read(NasConfig config) {
        return read(config, ROUNDS, ETA, MAX_DEPTH);
    }

    /** A shape from three keys of a namespace of its own (e.g. throughput's). */
    public static XgboostSettings read(NasConfig config, Setting<Integer> rounds, Setting<Double> eta,
                                       Setting<Integer> maxDepth) {
        return XgboostSettings.DEFAULTS.withRounds(rounds.get(config)).withEta(eta.get(config))
                .withMaxDepth(maxDepth.get(config));
    }

    private static String problem(Supplier<XgboostSettings> settings) {
        try {
            settings.get();
            return null;
        } catch (IllegalArgumentException e) {
            return ": " + e.getMessage();
        }
    }
}
