package io.sparknas.predictor.mlp;

import java.io.Serializable;

/**
 * The free-label stage of {@link PretrainedMlpTrainer}.
 *
 * @param cells        untrained cells labelled with their log-params and log-FLOPs
 * @param steps        Adam updates on them
 * @param batchSize    cells per update
 * @param learningRate Adam step size
 * @param fineTuneLearningRate Adam step size on the accuracy rows, smaller than a fresh MLP's so the
 *                     fine-tuning adjusts the pretrained layers instead of overwriting them
 * @param probeRidge   L2 penalty (per row) of the closed-form linear head fitted on the pretrained
 *                     embedding before fine-tuning starts
 */
public record PretrainSettings(int cells, int steps, int batchSize, double learningRate, double fineTuneLearningRate,
                               double probeRidge) implements Serializable {

    /**
     * Measured at 50 NB201 cells, 5 seeds (PredictorBench splits): fine-tuning step 1e-4 gave
     * Kendall τ 0.607 ± 0.060, 3e-5 0.627 ± 0.088; the ridge probe alone (1 step) 0.568.
     */
    public static final PretrainSettings DEFAULTS = new PretrainSettings(10_000, 1500, 128, 1e-3, 3e-5, 1e-2);

    public PretrainSettings {
        require(cells >= 2, "cells must be >= 2, got " + cells);
        require(steps >= 1, "steps must be >= 1, got " + steps);
        require(batchSize >= 1, "batchSize must be >= 1, got " + batchSize);
        require(learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1), got " + learningRate);
        require(fineTuneLearningRate > 0 && fineTuneLearningRate < 1,
                "fineTuneLearningRate must be in (0, 1), got " + fineTuneLearningRate);
        require(probeRidge > 0, "probeRidge must be > 0, got " + probeRidge);
    }

    public PretrainSettings withCells(int value) {
        return new PretrainSettings(value, steps, batchSize, learningRate, fineTuneLearningRate, probeRidge);
    }

    public PretrainSettings withSteps(int value) {
        return new PretrainSettings(cells, value, batchSize, learningRate, fineTuneLearningRate, probeRidge);
    }

    public PretrainSettings withFineTuneLearningRate(double value) {
        return new PretrainSettings(cells, steps, batchSize, learningRate, value, probeRidge);
    }

    public PretrainSettings withProbeRidge(double value) {
        return new PretrainSettings(cells, steps, batchSize, learningRate, fineTuneLearningRate, value);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("pretraining settings: " + message);
        }
    }
}
