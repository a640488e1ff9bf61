/**
 * Performance predictors: models that score an architecture from its features, fitted on the
 * architectures already evaluated, so a search can rank many candidates without training them.
 *
 * <p>This package is the API the rest of sparknas uses: {@link io.sparknas.predictor.Predictor}
 * and {@link io.sparknas.predictor.PredictorTrainer}, their data ({@link io.sparknas.predictor.TrainingSet},
 * {@link io.sparknas.predictor.PredictorProvenance}, {@link io.sparknas.predictor.Uncertain}), how a
 * ranking is scored ({@link io.sparknas.predictor.RankMetrics}), and the one registry of predictor
 * kinds, {@link io.sparknas.predictor.PredictorKinds}, which maps a kind name (as configs spell it)
 * and a search space to a trainer built from the space's recipe ({@link io.sparknas.predictor.Nb201Predictors},
 * {@link io.sparknas.predictor.MobileNetPredictors}).
 *
 * <p>The sub-packages hold the parts, one backend each, in the style of Tribuo's per-backend
 * packages: {@code features} (architecture to vector), {@code xgboost}, {@code mlp}, {@code gcn}
 * (the model families), {@code ensemble} (uncertainty from several members) and {@code bench} (the
 * predictor benchmark). A backend depends on this package and on {@code features}, never on another
 * backend, so one can be read, changed or dropped alone.
 */
package io.sparknas.predictor;
