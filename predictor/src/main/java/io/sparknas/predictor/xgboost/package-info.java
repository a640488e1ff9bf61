/**
 * The XGBoost backend: gradient-boosted trees trained on the driver with XGBoost's Booster API
 * ({@link io.sparknas.predictor.xgboost.XgboostTrainer}), the serialisable predictor that carries the
 * model bytes ({@link io.sparknas.predictor.xgboost.XgboostPredictor}), and a pure-Java reading of
 * the same trees ({@link io.sparknas.predictor.xgboost.XgboostTrees}) for bulk scoring that stops a
 * candidate early once it cannot win.
 *
 * <p>Kept in its own package because it is the one backend with native code (XGBoost's JNI library)
 * and its own model format; the Spark-distributed trainer over large tables lives in the
 * {@code jobs} module and reuses {@link io.sparknas.predictor.xgboost.XgboostSettings}.
 */
package io.sparknas.predictor.xgboost;
