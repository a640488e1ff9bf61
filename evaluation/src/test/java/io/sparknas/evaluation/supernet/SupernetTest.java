package io.sparknas.evaluation.supernet;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.data.ImageDataset;
import io.sparknas.evaluation.dl4j.BuildOptions;
import io.sparknas.evaluation.dl4j.Dl4jNatives;
import io.sparknas.evaluation.dl4j.Dl4jTrainingEvaluator;
import io.sparknas.evaluation.dl4j.Nb201Macro;
import io.sparknas.evaluation.dl4j.Nb201NetworkBuilder;
import io.sparknas.evaluation.dl4j.TrainingRecipe;
import io.sparknas.population.Genome;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.population.testing.StripesIdx;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupernetTest {
    private static final Nb201Space SPACE = new Nb201Space();
    private static final int SIZE = 16;
    private static final Nb201Macro MACRO = new Nb201Macro(1, SIZE, SIZE, 10, 4, 1);
    private static final List<String> CELLS = List.of(
            "|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_3x3~1|none~2|",
            "|none~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|nor_conv_1x1~2|",
            "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeStripes() throws IOException {
        StripesIdx.write(Files.createDirectories(dir.resolve("data")), 200, SIZE, 3);
    }

    private static DatasetSource stripes() {
        return new DatasetSource(dir.resolve("data").toString(), DatasetSource.Format.FASHION_MNIST, 0, 0.25, 1);
    }

    private static TrainingRecipe recipe(int epochs) {
        return new TrainingRecipe(TrainingRecipe.Optimizer.ADAM, 0.01, 0, true, epochs, 25, 1e-4, 7);
    }

    private static ComputationGraph supernet() {
        return Dl4jNatives.withHelpers(() -> new Nb201Supernet(MACRO).build(BuildOptions.defaults(5)));
    }

    private static INDArray images(int count) {
        ImageDataset train = stripes().load().train();
        return train.batch(ImageDataset.permutation(train.size(), 0), 0, count, DataType.FLOAT).getFeatures();
    }

    /** A sub-network's forward pass is that of the stand-alone NB201 network holding the same weights. */
    @Test
    void maskedForwardEqualsTheStandAloneNetwork() {
        ComputationGraph supernet = supernet();
        INDArray x = images(20);
        // non-trivial BN statistics first (recalibrated for a random cell)
        Nb201Supernet.recalibrateBatchNorm(supernet, List.of(x), Nd4j.create(Nb201Supernet.maskRow(Genome.of(3, 2, 1, 4, 3, 2)),
                new long[] {1, Nb201Supernet.MASK_WIDTH}, 'c'));
        for (String cell : CELLS) {
            Genome genome = SPACE.parse(cell);
            ComputationGraph standAlone = new Nb201NetworkBuilder(MACRO).build(SPACE.decode(genome), BuildOptions.defaults(99));
            INDArray before = standAlone.outputSingle(false, x);
            Nb201Supernet.copyInto(supernet, genome, standAlone);
            INDArray expected = standAlone.outputSingle(false, x);
            INDArray actual = supernet.outputSingle(false, x, Nb201Supernet.mask(genome, 20));
            assertTrue(expected.equalsWithEps(actual, 1e-5), cell + ": " + expected + " vs " + actual);
            assertFalse(before.equalsWithEps(actual, 1e-5), "the copy changed the stand-alone network's output");
        }
    }

    /** Masked-out ops contribute nothing: an all-none cell ignores every cell weight; a cell ignores the ops it does not pick. */
    @Test
    void maskedOutOpsContributeNothing() {
        ComputationGraph supernet = supernet();
        INDArray x = images(10);
        Genome allNone = SPACE.parse(CELLS.get(2));
        Genome conv3 = Genome.of(3, 3, 3, 3, 3, 3);
        INDArray noneBefore = supernet.outputSingle(false, x, Nb201Supernet.mask(allNone, 10));
        INDArray conv3Before = supernet.outputSingle(false, x, Nb201Supernet.mask(conv3, 10));
        // scramble every 1x1 conv of the cells
        for (Layer layer : supernet.getLayers()) {
            if (layer.conf().getLayer().getLayerName().matches("s\\dc0_e\\d_c1_conv")) {
                layer.getParam("W").assign(Nd4j.rand(DataType.FLOAT, layer.getParam("W").shape()).muli(5));
            }
        }
        assertTrue(noneBefore.equalsWithEps(supernet.outputSingle(false, x, Nb201Supernet.mask(allNone, 10)), 0));
        assertTrue(conv3Before.equalsWithEps(supernet.outputSingle(false, x, Nb201Supernet.mask(conv3, 10)), 0));
        // ... and a cell that does use them sees the change
        Genome conv1 = Genome.of(2, 2, 2, 2, 2, 2);
        ComputationGraph fresh = supernet();
        assertFalse(fresh.outputSingle(false, x, Nb201Supernet.mask(conv1, 10))
                .equalsWithEps(supernet.outputSingle(false, x, Nb201Supernet.mask(conv1, 10)), 1e-4));
    }

    /** Recalibration replaces the running statistics with the batch statistics of each BN layer's input. */
    @Test
    void batchNormRecalibrationSetsTheRunningStatistics() {
        ComputationGraph supernet = supernet();
        INDArray x = images(30);
        Genome genome = SPACE.parse(CELLS.get(0));
        INDArray maskRow = Nd4j.create(Nb201Supernet.maskRow(genome), new long[] {1, Nb201Supernet.MASK_WIDTH}, 'c');
        Layer stemBn = supernet.getLayer("stem_bn");
        Layer edgeBn = supernet.getLayer("s2c0_e0_c3_bn");
        assertEquals(0.0, Nb201Supernet.runningMean(stemBn).sumNumber().doubleValue(), 1e-6, "fresh: mean 0");
        int layers = Nb201Supernet.recalibrateBatchNorm(supernet, List.of(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 15)),
                x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(15, 30))), maskRow);
        assertTrue(layers > 10, "BN layers: " + layers);
        // the stem's BN input is the stem conv of the images: its mean over the two halves, per channel
        INDArray stem1 = supernet.feedForward(new INDArray[] {x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 15)),
                Nb201Supernet.mask(genome, 15)}, true, false).get("stem_conv");
        INDArray stem2 = supernet.feedForward(new INDArray[] {x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(15, 30)),
                Nb201Supernet.mask(genome, 15)}, true, false).get("stem_conv");
        INDArray mean = stem1.mean(0, 2, 3).add(stem2.mean(0, 2, 3)).div(2);
        INDArray var = stem1.var(false, 0, 2, 3).add(stem2.var(false, 0, 2, 3)).div(2);
        assertTrue(mean.equalsWithEps(Nb201Supernet.runningMean(stemBn).reshape(mean.shape()), 1e-4),
                mean + " vs " + Nb201Supernet.runningMean(stemBn));
        assertTrue(var.equalsWithEps(Nb201Supernet.runningVariance(stemBn).reshape(var.shape()), 1e-3),
                var + " vs " + Nb201Supernet.runningVariance(stemBn));
        assertNotEquals(1.0, Nb201Supernet.runningVariance(edgeBn).getDouble(0), 1e-3, "an edge BN was recalibrated too");
    }

    /** Train a tiny supernet, save it, and evaluate cells by inherited weights: the accuracy is that of the weights. */
    @Test
    void trainsSavesAndEvaluatesByInheritedWeights() throws Exception {
        DatasetSource data = stripes();
        ImageDataset.Split split = data.load();
        Path folder = dir.resolve("sn-test");
        List<Integer> saved = new ArrayList<>();
        SupernetTraining.Outcome outcome = SupernetTraining.train(MACRO, split.train(), recipe(6),
                SupernetTraining.Sampling.UNIFORM, (epoch, net, loss) -> {
                    SupernetFiles.saveCheckpoint(folder, epoch, net);
                    saved.add(epoch);
                });
        assertEquals(List.of(1, 2, 3, 4, 5, 6), saved);
        assertTrue(Files.isRegularFile(folder.resolve("checkpoints/epoch-3.zip")));
        System.out.println("supernet epoch losses " + outcome.epochLosses() + ", " + outcome.steps() + " steps, "
                + outcome.seconds() + " s");
        assertTrue(outcome.epochLosses().get(5) < outcome.epochLosses().get(0), outcome.epochLosses().toString());
        SupernetManifest manifest = SupernetFiles.saveFinal(folder, outcome.supernet(), new SupernetManifest("sn-test",
                Nb201Space.NAME, MACRO, data.format(), data.subsetSize(), data.validationFraction(), data.splitSeed(),
                recipe(6), SupernetTraining.Sampling.UNIFORM, ""));
        assertEquals(64, manifest.weightsSha256().length());
        assertEquals(manifest, SupernetManifest.read(folder));

        int readsBefore = SupernetEvaluator.weightReads();
        SupernetEvaluator evaluator = roundTrip(SupernetEvaluator.open(folder.toString(), Nb201Space.NAME, data, 2, 25));
        assertEquals("supernet", evaluator.name());
        assertEquals("ws-6ep", evaluator.fidelity());
        List<Candidate> candidates = CELLS.stream().map(c -> Candidate.of(SPACE, SPACE.parse(c))).toList();
        List<EvaluationResult> first = evaluator.evaluate(candidates);
        List<EvaluationResult> again = evaluator.evaluate(candidates);
        assertEquals(readsBefore + 1, SupernetEvaluator.weightReads(), "weights deserialised once per JVM");

        // the same numbers by hand, the way the evaluator mirrors: restored weights, the same two calibration
        // batches, the masked supernet (every op computed, all but the path's multiplied by 0); and its path
        // copied into a stand-alone network after that recalibration
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(folder.resolve("supernet.zip").toFile(), false);
        int[] order = ImageDataset.permutation(split.train().size(), 0);
        List<INDArray> calibration = List.of(split.train().batch(order, 0, 25, DataType.FLOAT).getFeatures(),
                split.train().batch(order, 25, 50, DataType.FLOAT).getFeatures());
        for (int i = 0; i < CELLS.size(); i++) {
            EvaluationResult result = first.get(i);
            assertTrue(result.isOk(), result.reason());
            assertEquals(result.metrics(), again.get(i).metrics(), "evaluation repeats exactly");
            Genome genome = candidates.get(i).genome();
            INDArray maskRow = Nd4j.create(Nb201Supernet.maskRow(genome), new long[] {1, Nb201Supernet.MASK_WIDTH}, 'c');
            Nb201Supernet.recalibrateBatchNorm(restored, calibration, maskRow);
            int masked = SupernetEvaluator.maskedCorrect(restored, split.validation(), maskRow, 25);
            ComputationGraph standAlone = new Nb201NetworkBuilder(MACRO).build(SPACE.decode(genome), BuildOptions.defaults(1));
            Nb201Supernet.copyInto(restored, genome, standAlone);
            int correct = Dl4jTrainingEvaluator.correct(standAlone, split.validation(), 25);
            System.out.printf("%s: val_acc %.1f%%%n", CELLS.get(i), result.metrics().get("val_acc"));
            assertEquals(masked, result.metrics().get("val_correct"), 0.0, CELLS.get(i) + ": the masked supernet's");
            assertEquals(correct, result.metrics().get("val_correct"), 0.0, CELLS.get(i));
            assertEquals(100.0 * correct / split.validation().size(), result.metrics().get("val_acc"), 1e-9);
        }
        double best = first.stream().mapToDouble(r -> r.metrics().get("val_acc")).max().orElseThrow();
        assertTrue(best > 60, "a trained path beats the 50% of chance: " + best);

        // the digest depends on the weights: another supernet never shares rows
        assertNotEquals(evaluator.configDigest(), new Dl4jTrainingEvaluator(
                new io.sparknas.evaluation.dl4j.NetworkFactory(SPACE, 4, 1), data, recipe(6)).configDigest());

        // bad input: another space, another dataset, a missing folder, corrupt weights
        String message = assertThrows(IllegalArgumentException.class,
                () -> SupernetEvaluator.open(folder.toString(), "mobilenet", data, 2, 25)).getMessage();
        assertTrue(message.contains("space 'nb201'") && message.contains("'mobilenet'"), message);
        DatasetSource other = new DatasetSource(data.folder(), data.format(), 100, 0.25, 1);
        message = assertThrows(IllegalArgumentException.class,
                () -> SupernetEvaluator.open(folder.toString(), Nb201Space.NAME, other, 2, 25)).getMessage();
        assertTrue(message.contains("was trained on fashion-mnist subset=0") && message.contains("subset=100"), message);
        message = assertThrows(IllegalArgumentException.class,
                () -> SupernetEvaluator.open(dir.resolve("nowhere").toString(), Nb201Space.NAME, data, 2, 25)).getMessage();
        assertTrue(message.startsWith("not a supernet folder"), message);
        Path corrupt = dir.resolve("sn-corrupt");
        Files.createDirectories(corrupt);
        Files.copy(folder.resolve(SupernetManifest.FILE), corrupt.resolve(SupernetManifest.FILE));
        Files.write(corrupt.resolve(SupernetManifest.WEIGHTS), new byte[] {1, 2, 3});
        message = assertThrows(IllegalArgumentException.class,
                () -> SupernetEvaluator.open(corrupt.toString(), Nb201Space.NAME, data, 2, 25)).getMessage();
        assertTrue(message.contains("are corrupt"), message);
        Files.delete(corrupt.resolve(SupernetManifest.WEIGHTS));
        message = assertThrows(IllegalArgumentException.class,
                () -> SupernetEvaluator.open(corrupt.toString(), Nb201Space.NAME, data, 2, 25)).getMessage();
        assertTrue(message.contains("are missing"), message);
    }

    private static SupernetEvaluator roundTrip(SupernetEvaluator evaluator) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(evaluator);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (SupernetEvaluator) in.readObject();
        }
    }
}
