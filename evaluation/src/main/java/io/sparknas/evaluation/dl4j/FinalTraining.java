package io.sparknas.evaluation.dl4j;

import io.sparknas.evaluation.data.FinalData;
import io.sparknas.population.Genome;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Final training of one architecture: the loop of {@link Dl4jTrainingEvaluator} (same network, build
 * options, updater schedule and per-epoch batch orders) over all the training images, checkpointed after
 * every epoch, then measured on the test split. A checkpoint keeps the updater state and the iteration
 * count, so a training resumed from epoch e's checkpoint ends with the weights an uninterrupted one has.
 *
 * <p>Metrics: {@code test_acc} (percent), {@code test_correct}, {@code test_total}, {@code train_loss}
 * (mean loss of the last epoch), {@code loss_epoch_1} … {@code loss_epoch_E}, {@code params} (trainable),
 * {@code train_images}, {@code epochs}, and {@code train_images_per_s} over the epochs this call trained
 * (absent when every epoch came from a checkpoint).
 */
public final class FinalTraining {
    private FinalTraining() {
    }

    /** Where a training's per-epoch checkpoints live (a folder of files, a test's map). */
    public interface Checkpoints {
        /** The highest epoch saved, if any. */
        Optional<Integer> latest() throws IOException;

        /**
         * Restores epoch {@code epoch}'s network (with its updater state) and the mean losses of epochs 1..epoch
         * (called inside {@link Dl4jNatives#withHelpers}: the network is initialised as the first run's was).
         */
        Restored restore(int epoch) throws IOException;

        /** Saves the network after {@code epoch} with the mean losses of epochs 1..epoch; a complete save or none. */
        void save(int epoch, ComputationGraph network, List<Double> losses) throws IOException;
    }

    /** A checkpoint read back. */
    public record Restored(ComputationGraph network, List<Double> losses) {
    }

    /** Called after each epoch's checkpoint is saved (a test stops the training here to simulate a kill). */
    public interface EpochListener {
        void saved(int epoch);
    }

    /** The trained network and its metrics. */
    public record Outcome(ComputationGraph network, Map<String, Double> metrics, int resumedAfter) {
    }

    /**
     * Trains {@code genome} for {@code recipe.epochs()} epochs on {@code data.train()}, resuming after the latest
     * checkpoint if there is one, and measures it on {@code data.test()}.
     */
    public static Outcome train(NetworkFactory networks, Genome genome, TrainingRecipe recipe, FinalData.Prepared data,
                                Checkpoints checkpoints, EpochListener listener) {
        try {
            Optional<Integer> latest = checkpoints.latest();
            int done = latest.map(e -> Math.min(e, recipe.epochs())).orElse(0);
            ComputationGraph network;
            List<Double> losses;
            if (done > 0) {
                int epoch = done;
                Restored[] restored = new Restored[1];
                // restored as built: with the oneDNN helpers the first run trained with (else the numbers drift)
                network = Dl4jNatives.withHelpers(() -> {
                    try {
                        restored[0] = checkpoints.restore(epoch);
                    } catch (IOException e) {
                        throw new UncheckedIOException("checkpoint of epoch " + epoch + ": " + e.getMessage(), e);
                    }
                    return restored[0].network();
                });
                losses = new ArrayList<>(restored[0].losses().subList(0, done));

            } else {
                network = Dl4jNatives.withHelpers(() -> networks.build(genome, Dl4jTrainingEvaluator.shapeOf(data.train()),
                        Dl4jTrainingEvaluator.buildOptions(recipe, data.train().size())));
                losses = new ArrayList<>();
            }
            long start = System.nanoTime();
            for (int epoch = done + 1; epoch <= recipe.epochs(); epoch++) {
                losses.add(Dl4jTrainingEvaluator.fitEpoch(network, data.train(), recipe, epoch));
                checkpoints.save(epoch, network, List.copyOf(losses));
                listener.saved(epoch);
            }
            double seconds = (System.nanoTime() - start) / 1e9;

            Map<String, Double> metrics = new LinkedHashMap<>();
            int correct = Dl4jTrainingEvaluator.correct(network, data.test(), recipe.batchSize());
            metrics.put("test_acc", 100.0 * ((double) correct / data.test().size()));
            metrics.put("test_correct", (double) correct);
            metrics.put("test_total", (double) data.test().size());
            metrics.put("train_loss", losses.get(losses.size() - 1));
            for (int epoch = 1; epoch <= losses.size(); epoch++) {
                metrics.put("loss_epoch_" + epoch, losses.get(epoch - 1));
            }
            metrics.put("params", (double) ParamCounts.trainable(network));
            metrics.put("train_images", (double) data.train().size());
            metrics.put("epochs", (double) recipe.epochs());
            if (recipe.epochs() > done) {
                metrics.put("train_images_per_s", (double) data.train().size() * (recipe.epochs() - done) / seconds);
            }
            return new Outcome(network, metrics, done);
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint: " + e.getMessage(), e);
        }
    }
}
