package io.sparknas.predictor;

import java.io.Serializable;

/**
 * The free-label stage of {@link PretrainedMlpTrainer}.
 *
 * @param cells        untrained cells labelled with their log-params and log-FLOPs
 * @param steps        Adam updates on them
 * @param batchSize    cells per update
 * @param learningRate Adam step size
 */
public record PretrainSettings(int cells, int steps, int batchSize, double learningRate) implements Serializable {

    public static final PretrainSettings DEFAULTS = new PretrainSettings(10_000, 1500, 128, 1e-3);

    public PretrainSettings {
        require(cells >= 2, "cells must be >= 2, got " + cells);
        require(steps >= 1, "steps must be >= 1, got " + steps);
        require(batchSize >= 1, "batchSize must be >= 1, got " + batchSize);
        require(learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1), got " + learningRate);
    }

    public PretrainSettings withCells(int value) {
        return new PretrainSettings(value, steps, batchSize, learningRate);
    }

    public PretrainSettings withSteps(int value) {
        return new PretrainSettings(cells, value, batchSize, learningRate);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("pretraining settings: " + message);
        }
    }
}
