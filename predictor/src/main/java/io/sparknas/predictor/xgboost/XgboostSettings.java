package io.sparknas.predictor.xgboost;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * Booster hyperparameters. The defaults suit NAS training sets of 25–400 rows: shallow trees and
 * a small learning rate over many rounds, with row and column subsampling, because with ~100 rows
 * deep trees memorise the noise between seeds. Measured with PredictorBench at 100 NB201 cells
 * (5 paired seeds, Kendall τ): depth 4/colsample 0.6 0.742, depth 5/colsample 0.4 0.749, depth 3 0.736,
 * eta 0.05 0.739.
 */
public record XgboostSettings(int rounds, int maxDepth, double eta, double subsample, double colsampleByTree,
                              double minChildWeight, double lambda, int threads) implements Serializable {

    public static final XgboostSettings DEFAULTS = new XgboostSettings(500, 5, 0.03, 0.8, 0.4, 1.0, 1.0, 1);

    public XgboostSettings {
        require(rounds >= 1, "rounds must be >= 1, got " + rounds);
        require(maxDepth >= 1 && maxDepth <= 16, "maxDepth must be in 1..16, got " + maxDepth);
        require(eta > 0 && eta <= 1, "eta must be in (0, 1], got " + eta);
        require(subsample > 0 && subsample <= 1, "subsample must be in (0, 1], got " + subsample);
        require(colsampleByTree > 0 && colsampleByTree <= 1, "colsampleByTree must be in (0, 1], got " + colsampleByTree);
        require(minChildWeight >= 0, "minChildWeight must be >= 0, got " + minChildWeight);
        require(lambda >= 0, "lambda must be >= 0, got " + lambda);
        require(threads >= 1, "threads must be >= 1, got " + threads);
    }

    public XgboostSettings withRounds(int value) {
        return new XgboostSettings(value, maxDepth, eta, subsample, colsampleByTree, minChildWeight, lambda, threads);
    }

    public XgboostSettings withMaxDepth(int value) {
        return new XgboostSettings(rounds, value, eta, subsample, colsampleByTree, minChildWeight, lambda, threads);
    }

    public XgboostSettings withEta(double value) {
        return new XgboostSettings(rounds, maxDepth, value, subsample, colsampleByTree, minChildWeight, lambda, threads);
    }

    public XgboostSettings withSubsample(double value) {
        return new XgboostSettings(rounds, maxDepth, eta, value, colsampleByTree, minChildWeight, lambda, threads);
    }

    public XgboostSettings withColsampleByTree(double value) {
        return new XgboostSettings(rounds, maxDepth, eta, subsample, value, minChildWeight, lambda, threads);
    }

    public XgboostSettings withMinChildWeight(double value) {
        return new XgboostSettings(rounds, maxDepth, eta, subsample, colsampleByTree, value, lambda, threads);
    }

    public XgboostSettings withThreads(int value) {
        return new XgboostSettings(rounds, maxDepth, eta, subsample, colsampleByTree, minChildWeight, lambda, value);
    }

    /** The parameter map of {@code XGBoost.train}, seeded. */
    Map<String, Object> boosterParams(long seed) {
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "reg:squarederror");
        params.put("tree_method", "hist");
        params.put("max_depth", maxDepth);
        params.put("eta", eta);
        params.put("subsample", subsample);
        params.put("colsample_bytree", colsampleByTree);
        params.put("min_child_weight", minChildWeight);
        params.put("lambda", lambda);
        params.put("nthread", threads);
        // XGBoost's seed is a 32-bit int; fold the long so nearby seeds stay distinct.
        params.put("seed", (int) (seed ^ (seed >>> 32)));
        params.put("verbosity", 0);
        return params;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("XGBoost settings: " + message);
        }
    }
}
