package io.sparknas.evaluation.dl4j;

import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.Objects;

/**
 * How a network is materialised, independent of its architecture. Built inside evaluators (not
 * shipped to executors), so it need not be serialisable.
 *
 * @param seed        weight initialisation seed: the same seed gives the same initial weights
 * @param dataType    FLOAT for training; DOUBLE where products of many weights overflow (synflow)
 * @param batchNorm   false leaves every BatchNormalization out (synflow's "BN removed" setting);
 *                    only the default (true) reproduces the analytic parameter counts
 * @param logitsHead  true ends the network in a linear layer without softmax or loss, so callers can
 *                    back-propagate their own error (e.g. synflow's R = sum of outputs); same params
 * @param updater     the optimiser the network trains with
 * @param weightDecay L2 weight decay coefficient (decoupled, applied by the updater), 0 for none
 * @param weightInit  initialisation of the convolution weights: {@link WeightInit#RELU} (Kaiming-normal,
 *                    for training) or {@link WeightInit#UNIFORM} (U(±1/√fan-in), PyTorch's default, which
 *                    the published zero-cost scores were computed with)
 */
public record BuildOptions(long seed, DataType dataType, boolean batchNorm, boolean logitsHead,
                           IUpdater updater, double weightDecay, WeightInit weightInit) {

    public BuildOptions {
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(updater, "updater");
        Objects.requireNonNull(weightInit, "weightInit");
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + dataType);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be a finite number >= 0, got " + weightDecay);
        }
    }

    /** Kaiming-normal convolution weights. */
    public BuildOptions(long seed, DataType dataType, boolean batchNorm, boolean logitsHead, IUpdater updater,
                        double weightDecay) {
        this(seed, dataType, batchNorm, logitsHead, updater, weightDecay, WeightInit.RELU);
    }

    /** Float, batch norm, softmax classifier; plain SGD placeholder (zero-cost proxies never step). */
    public static BuildOptions defaults(long seed) {
        return new BuildOptions(seed, DataType.FLOAT, true, false, new Sgd(0.0), 0.0);
    }

    public BuildOptions withDataType(DataType type) {
        return new BuildOptions(seed, type, batchNorm, logitsHead, updater, weightDecay, weightInit);
    }

    public BuildOptions withBatchNorm(boolean enabled) {
        return new BuildOptions(seed, dataType, enabled, logitsHead, updater, weightDecay, weightInit);
    }

    public BuildOptions withLogitsHead(boolean enabled) {
        return new BuildOptions(seed, dataType, batchNorm, enabled, updater, weightDecay, weightInit);
    }

    public BuildOptions withUpdater(IUpdater newUpdater, double newWeightDecay) {
        return new BuildOptions(seed, dataType, batchNorm, logitsHead, newUpdater, newWeightDecay, weightInit);
    }

    public BuildOptions withWeightInit(WeightInit init) {
        return new BuildOptions(seed, dataType, batchNorm, logitsHead, updater, weightDecay, init);
    }
}
