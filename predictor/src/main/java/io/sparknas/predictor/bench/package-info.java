/**
 * The predictor benchmark: how well each predictor kind ranks unseen architectures as its training
 * set grows ({@link io.sparknas.predictor.bench.PredictorBench}), on a fully labelled pool such as a
 * tabular benchmark. A measurement tool, not part of a search; the {@code predictor-bench} command
 * in {@code jobs} runs it, and the backends' tests reuse its seeded train/test split.
 */
package io.sparknas.predictor.bench;
