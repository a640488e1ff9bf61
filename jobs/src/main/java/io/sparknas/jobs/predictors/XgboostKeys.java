package io.sparknas.jobs.predictors;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.predictor.xgboost.XgboostSettings;

import java.util.function.Supplier;

/**
 * A booster's shape as config keys, {@code rounds}, {@code eta} and {@code max-depth} under a prefix,
 * a bad value reported with its key; the other hyperparameters keep {@link XgboostSettings#DEFAULTS}.
 */
public final class XgboostKeys {
    /** The shape of every XGBoost predictor trained from the store or a benchmark's tables. */
    public static final String PREDICTOR = "predictor.xgboost";

    private XgboostKeys() {
    }

    public static XgboostSettings read(NasConfig config, String prefix) {
        XgboostSettings rounds = checked(prefix + ".rounds",
                () -> XgboostSettings.DEFAULTS.withRounds(config.getInt(prefix + ".rounds")));
        XgboostSettings eta = checked(prefix + ".eta", () -> rounds.withEta(config.getDouble(prefix + ".eta")));
        return checked(prefix + ".max-depth", () -> eta.withMaxDepth(config.getInt(prefix + ".max-depth")));
    }

    /** The ranges live in {@link XgboostSettings}; this only names the key that broke one. */
    private static XgboostSettings checked(String key, Supplier<XgboostSettings> settings) {
        try {
            return settings.get();
        } catch (IllegalArgumentException e) {
            throw new BadInputException("config key '" + key + "': " + e.getMessage(), e);
        }
    }
}
