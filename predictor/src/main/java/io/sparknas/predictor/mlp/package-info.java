/**
 * The MLP backend (DL4J): a small ReLU network on standardised features
 * ({@link io.sparknas.predictor.mlp.MlpTrainer}) and its FBNetV3-style variant that first pretrains
 * on free labels (analytic params and FLOPs) and then fine-tunes on the measured rows
 * ({@link io.sparknas.predictor.mlp.PretrainedMlpTrainer}).
 *
 * <p>Both trainers share the network builder and training loop ({@code MlpNetworks}) and the
 * serialisable model ({@code MlpModel}), which stay package-private: nothing outside needs DL4J's
 * types, only the {@link io.sparknas.predictor.Predictor} they produce.
 */
package io.sparknas.predictor.mlp;
