package io.sparknas.evaluation.dl4j;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a candidate is trained, as plain serialisable fields.
 *
 * @param optimizer    SGD with Nesterov momentum, or Adam
 * @param learningRate initial learning rate
 * @param momentum     SGD momentum (ignored by Adam)
 * @param cosine       anneal the rate to 0 along a cosine over all iterations (else constant)
 * @param epochs       passes over the training part; also the evaluation's fidelity
 * @param batchSize    images per step
 * @param weightDecay  L2 weight decay, 0 for none
 * @param seed         weight initialisation and shuffling seed
 */
public record TrainingRecipe(Optimizer optimizer, double learningRate, double momentum, boolean cosine, int epochs,
                             int batchSize, double weightDecay, long seed) implements Serializable {

    public enum Optimizer { SGD_MOMENTUM, ADAM }

    public TrainingRecipe {
        Objects.requireNonNull(optimizer, "optimizer");
        requireFinite("learningRate", learningRate, learningRate > 0, "> 0");
        requireFinite("momentum", momentum, momentum >= 0 && momentum < 1, "in [0, 1)");
        requireFinite("weightDecay", weightDecay, weightDecay >= 0, ">= 0");
        if (epochs <= 0) {
            throw new IllegalArgumentException("training recipe epochs must be positive, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("training recipe batchSize must be positive, got " + batchSize);
        }
    }

    /** NAS-Bench-201's recipe (SGD-Nesterov 0.1, momentum 0.9, cosine, weight decay 5e-4, batch 256) for {@code epochs}. */
    public static TrainingRecipe nb201(int epochs, long seed) {
        return new TrainingRecipe(Optimizer.SGD_MOMENTUM, 0.1, 0.9, true, epochs, 256, 5e-4, seed);
    }

    public TrainingRecipe withEpochs(int newEpochs) {
        return new TrainingRecipe(optimizer, learningRate, momentum, cosine, newEpochs, batchSize, weightDecay, seed);
    }

    /** The updater for a run of {@code iterations} steps. */
    public IUpdater updater(int iterations) {
        ISchedule schedule = cosine ? cosineSchedule(iterations) : null;
        return switch (optimizer) {
            case SGD_MOMENTUM -> schedule == null ? new Nesterovs(learningRate, momentum) : new Nesterovs(schedule, momentum);
            case ADAM -> schedule == null ? new Adam(learningRate) : new Adam(schedule);
        };
    }

    /**
     * lr · (1 + cos(π t / T)) / 2 per iteration t. DL4J M2.1 has no cosine schedule; a per-iteration
     * map is one of its built-in (JSON-serialisable) schedules, and T is at most a few thousand here.
     */
    private MapSchedule cosineSchedule(int iterations) {
        Map<Integer, Double> values = new HashMap<>();
        for (int t = 0; t < iterations; t++) {
            values.put(t, learningRate * 0.5 * (1 + Math.cos(Math.PI * t / iterations)));
        }
        return new MapSchedule(ScheduleType.ITERATION, values);
    }

    private static void requireFinite(String name, double value, boolean inRange, String range) {
        if (!Double.isFinite(value) || !inRange) {
            throw new IllegalArgumentException("training recipe " + name + " must be finite and " + range + ", got " + value);
        }
    }
}
