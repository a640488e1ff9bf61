package io.sparknas.predictor.gcn;

import java.io.Serializable;

/**
 * A graph convolutional regressor (BRP-NAS style): {@code layers} propagations
 * H' = ReLU(Â H W + b), mean pooling over nodes, then a ReLU layer and a linear output.
 *
 * @param layers       graph convolutions; 3 let the input node's signal reach the output node
 * @param hidden       width of the node embeddings and of the head
 * @param learningRate Adam step size
 * @param steps        minibatch updates (independent of the training-set size, as for the MLP)
 * @param batchSize    graphs per update
 * @param l2           weight decay on the weight matrices
 */
public record GcnSettings(int layers, int hidden, double learningRate, int steps, int batchSize, double l2)
        implements Serializable {

    public static final GcnSettings DEFAULTS = new GcnSettings(3, 64, 2e-3, 1500, 32, 1e-4);

    public GcnSettings {
        require(layers >= 1 && layers <= 8, "layers must be in 1..8, got " + layers);
        require(hidden >= 1, "hidden must be >= 1, got " + hidden);
        require(learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1), got " + learningRate);
        require(steps >= 1, "steps must be >= 1, got " + steps);
        require(batchSize >= 1, "batchSize must be >= 1, got " + batchSize);
        require(l2 >= 0, "l2 must be >= 0, got " + l2);
    }

    public GcnSettings withSteps(int value) {
        return new GcnSettings(layers, hidden, learningRate, value, batchSize, l2);
    }

    public GcnSettings withLearningRate(double value) {
        return new GcnSettings(layers, hidden, value, steps, batchSize, l2);
    }

    public GcnSettings withL2(double value) {
        return new GcnSettings(layers, hidden, learningRate, steps, batchSize, value);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("GCN settings: " + message);
        }
    }
}
