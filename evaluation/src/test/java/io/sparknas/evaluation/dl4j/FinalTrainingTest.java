package io.sparknas.evaluation.dl4j;

import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.data.FinalData;
import io.sparknas.population.Genome;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.population.testing.StripesIdx;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Final training without Spark: checkpoints in memory, a training stopped after epoch 1 and resumed. */
class FinalTrainingTest {
    private static final Nb201Space SPACE = new Nb201Space();
    private static final Genome CELL = SPACE.parse(
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2|");
    private static final TrainingRecipe RECIPE = new TrainingRecipe(TrainingRecipe.Optimizer.ADAM, 0.01, 0, true, 3, 30,
            1e-4, 7);

    /** Checkpoints as DL4J zips in memory, with their losses. */
    private static final class InMemory implements FinalTraining.Checkpoints {
        final Map<Integer, byte[]> zips = new TreeMap<>();
        final Map<Integer, List<Double>> losses = new TreeMap<>();

        @Override
        public Optional<Integer> latest() {
            return zips.keySet().stream().max(Integer::compare);
        }

        @Override
        public FinalTraining.Restored restore(int epoch) throws IOException {
            return new FinalTraining.Restored(ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(zips.get(epoch)),
                    true), losses.get(epoch));
        }

        @Override
        public void save(int epoch, ComputationGraph network, List<Double> epochLosses) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ModelSerializer.writeModel(network, out, true);
            zips.put(epoch, out.toByteArray());
            losses.put(epoch, epochLosses);
        }
    }

    private static final class Killed extends RuntimeException {
    }

    @Test
    void aTrainingStoppedAfterEpochOneAndResumedEndsWithTheWeightsOfAnUninterruptedOne(@TempDir Path dir) throws Exception {
        StripesIdx.writeWithTest(dir, 120, 60, 12, 3);
        FinalData.Prepared data = new FinalData(dir.toString(), DatasetSource.Format.FASHION_MNIST, 0, 0, 7).load();
        NetworkFactory networks = new NetworkFactory(SPACE, 4, 1);

        InMemory straight = new InMemory();
        FinalTraining.Outcome uninterrupted = FinalTraining.train(networks, CELL, RECIPE, data, straight, epoch -> { });
        assertEquals(0, uninterrupted.resumedAfter());
        assertEquals(List.of(1, 2, 3), List.copyOf(straight.zips.keySet()), "a checkpoint per epoch");

        InMemory killed = new InMemory();
        assertThrows(Killed.class, () -> FinalTraining.train(networks, CELL, RECIPE, data, killed, epoch -> {
            throw new Killed();
        }));
        assertEquals(List.of(1), List.copyOf(killed.zips.keySet()));
        FinalTraining.Outcome resumed = FinalTraining.train(networks, CELL, RECIPE, data, killed, epoch -> { });
        assertEquals(1, resumed.resumedAfter());

        assertEquals(uninterrupted.network().params(), resumed.network().params(), "the same final weights");
        Map<String, Double> a = uninterrupted.metrics();
        Map<String, Double> b = resumed.metrics();
        for (String metric : List.of("test_acc", "test_correct", "test_total", "train_loss", "loss_epoch_1", "loss_epoch_3",
                "params")) {
            assertEquals(a.get(metric), b.get(metric), metric);
        }
        assertEquals(60.0, a.get("test_total"));
        assertEquals(120.0, a.get("train_images"), "all training images: no validation hold-out");
        assertTrue(a.get("test_acc") > 60, "stripes are learnable: " + a);
        System.out.printf("final training on stripes: test_acc %.1f%%, %.0f images/s%n", a.get("test_acc"),
                a.get("train_images_per_s"));

        // every epoch checkpointed: a rerun trains nothing and measures the same
        FinalTraining.Outcome again = FinalTraining.train(networks, CELL, RECIPE, data, straight, epoch -> {
            throw new Killed();
        });
        assertEquals(3, again.resumedAfter());
        assertEquals(a.get("test_acc"), again.metrics().get("test_acc"));
        assertTrue(!again.metrics().containsKey("train_images_per_s"), "nothing trained");
    }

    @Test
    void seedZeroGivesTheSameWeightsEveryTime() {
        NetworkFactory networks = new NetworkFactory(SPACE, 4, 1);
        InputShape shape = new InputShape(1, 12, 12, 10);
        assertEquals(networks.build(CELL, shape, BuildOptions.defaults(0)).params(),
                networks.build(CELL, shape, BuildOptions.defaults(0)).params(),
                "evaluator.dl4j-train.seed defaults to 0: its weights must repeat as any other seed's");
    }

    @Test
    void theTestSplitIsStandardisedWithTheTrainingStatistics(@TempDir Path dir) throws Exception {
        StripesIdx.writeWithTest(dir, 100, 50, 8, 5);
        FinalData.Prepared data = new FinalData(dir.toString(), DatasetSource.Format.FASHION_MNIST, 80, 20, 1).load();
        assertEquals(80, data.train().size());
        assertEquals(20, data.test().size());
        assertEquals(0.0, data.train().channelMeans()[0], 1e-5, "the training part is centred by its own mean");
        assertTrue(data.means()[0] > 0.2 && data.stds()[0] > 0, "raw statistics kept for the export");
    }
}
