package io.sparknas.predictor.mlp;

import java.io.Serializable;

/**
 * A small fully connected regressor trained with Adam on minibatches. The budget is a number of
 * gradient steps rather than epochs so 25 and 400 training rows get the same amount of
 * optimisation (25 rows would otherwise see 16× fewer updates).
 *
 * @param hiddenLayers ReLU layers before the linear output
 * @param width        units per hidden layer
 * @param learningRate Adam step size
 * @param steps        minibatch updates
 * @param batchSize    rows per update (all rows when fewer)
 * @param l2           weight decay on the weights, the main guard against memorising ~100 rows
 */
public record MlpSettings(int hiddenLayers, int width, double learningRate, int steps, int batchSize, double l2)
        implements Serializable {

    /**
     * Measured with PredictorBench (2 seeds, NB201): width 128/1500 steps/l2 1e-3 gave τ 0.35-0.47 at
     * 100 cells (memorised), width 64/300 steps/l2 1e-2 0.50 at 100 and 0.62 at 50.
     */
    public static final MlpSettings DEFAULTS = new MlpSettings(2, 64, 1e-3, 300, 32, 1e-2);

    public MlpSettings {
        require(hiddenLayers >= 1 && hiddenLayers <= 8, "hiddenLayers must be in 1..8, got " + hiddenLayers);
        require(width >= 1, "width must be >= 1, got " + width);
        require(learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1), got " + learningRate);
        require(steps >= 1, "steps must be >= 1, got " + steps);
        require(batchSize >= 1, "batchSize must be >= 1, got " + batchSize);
        require(l2 >= 0, "l2 must be >= 0, got " + l2);
    }

    public MlpSettings withSteps(int value) {
        return new MlpSettings(hiddenLayers, width, learningRate, value, batchSize, l2);
    }

    public MlpSettings withLearningRate(double value) {
        return new MlpSettings(hiddenLayers, width, value, steps, batchSize, l2);
    }

    public MlpSettings withL2(double value) {
        return new MlpSettings(hiddenLayers, width, learningRate, steps, batchSize, value);
    }

    public MlpSettings withWidth(int value) {
        return new MlpSettings(hiddenLayers, value, learningRate, steps, batchSize, l2);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("MLP settings: " + message);
        }
    }
}
