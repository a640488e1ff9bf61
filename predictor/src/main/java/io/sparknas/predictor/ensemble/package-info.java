/**
 * Ensembles: k members of one base trainer, each with its own seed and bootstrap resample
 * ({@link io.sparknas.predictor.ensemble.EnsembleTrainer}); their mean is the prediction and their
 * spread the uncertainty ({@link io.sparknas.predictor.ensemble.EnsemblePredictor}), which the
 * acquisition functions of a predictor-guided search use.
 *
 * <p>Backend-neutral: it wraps any {@link io.sparknas.predictor.PredictorTrainer}, so it depends on
 * the API package only.
 */
package io.sparknas.predictor.ensemble;
