package io.sparknas.jobs.predictors;

import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.predictor.XgboostSettings;

/**
 * A booster's shape as config keys, {@code rounds}, {@code eta} and {@code max-depth} under a prefix,
 * checked here so that a bad value is reported with its key; the other hyperparameters keep
 * {@link XgboostSettings#DEFAULTS}.
 */
public final class XgboostKeys {
    /** The shape of every XGBoost predictor trained from the store or a benchmark's tables. */
    public static final String PREDICTOR = "predictor.xgboost";

    private XgboostKeys() {
    }

    public static XgboostSettings read(NasConfig config, String prefix) {
        int rounds = config.getPositiveInt(prefix + ".rounds");
        double eta = config.getDouble(prefix + ".eta");
        if (!(eta > 0 && eta <= 1)) {
            throw new BadInputException("config key '" + prefix + ".eta' must be in (0, 1], got " + eta);
        }
        int depth = config.getPositiveInt(prefix + ".max-depth");
        if (depth > 16) {
            throw new BadInputException("config key '" + prefix + ".max-depth' must be in 1..16, got " + depth);
        }
        return XgboostSettings.DEFAULTS.withRounds(rounds).withEta(eta).withMaxDepth(depth);
    }
}
