/**
 * Featurizers: how an architecture becomes the fixed-length vector a model reads, per search space
 * ({@code Nb201*} for the NAS-Bench-201 cell, {@link io.sparknas.predictor.features.MobileNetFeatures}
 * for the macro space), and the vector plumbing every backend shares
 * ({@link io.sparknas.predictor.features.FeatureMatrix}, {@link io.sparknas.predictor.features.Standardizer}).
 *
 * <p>They live apart from the models because one encoding serves several model kinds (the NB201
 * one-hot and path encodings feed both XGBoost and the MLPs) and the encoding, not the model,
 * carries the search-space knowledge: a backend package never looks inside an architecture.
 * Analytic costs come from the {@code hardware} module; this package only turns them into features
 * or free pretraining labels ({@link io.sparknas.predictor.features.Nb201FreeLabels}).
 */
package io.sparknas.predictor.features;
