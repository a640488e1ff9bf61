package io.sparknas.evaluation.darts;

import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.data.ImageDataset;
import io.sparknas.evaluation.dl4j.BuildOptions;
import io.sparknas.evaluation.dl4j.Dl4jNatives;
import io.sparknas.evaluation.dl4j.Nb201Macro;
import io.sparknas.evaluation.dl4j.Nb201NetworkBuilder;
import io.sparknas.evaluation.dl4j.TrainingRecipe;
import io.sparknas.evaluation.supernet.Nb201Supernet;
import io.sparknas.population.Genome;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.population.testing.StripesIdx;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DartsTest {
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
        StripesIdx.write(Files.createDirectories(dir.resolve("data")), 240, SIZE, 3);
        Dl4jNatives.useThreads(1);
    }

    private static ImageDataset stripes() {
        return new DatasetSource(dir.resolve("data").toString(), DatasetSource.Format.FASHION_MNIST, 0, 0.25, 1)
                .load().train();
    }

    private static TrainingRecipe recipe(int epochs) {
        return new TrainingRecipe(TrainingRecipe.Optimizer.ADAM, 0.01, 0, true, epochs, 30, 1e-4, 7);
    }

    /** dL/dα from the mixed ops' recorded gradient and the softmax chain rule, against central differences. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void alphaGradientMatchesTheNumericGradient(int k) {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            Nb201Macro small = new Nb201Macro(1, 8, 8, 3, 4, 1);
            DartsNetwork network = DartsNetwork.buildPlain(small, k, BuildOptions.defaults(11).withDataType(DataType.DOUBLE));
            Random random = new Random(5);
            double[][] alpha = new double[6][5];
            for (double[] row : alpha) {
                for (int op = 0; op < 5; op++) {
                    row[op] = random.nextGaussian();
                }
            }
            INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 1, 8, 8).subi(0.5);
            INDArray y = Nd4j.zeros(DataType.DOUBLE, 6, 3);
            for (int i = 0; i < 6; i++) {
                y.putScalar(i, i % 3, 1);
            }
            DataSet batch = new DataSet(x, y);
            INDArray paramsBefore = network.graph().params().dup();
            DartsNetwork.WeightGradient g = network.weightGradient(batch, Alphas.softmax(alpha));
            assertEquals(paramsBefore, network.graph().params(), "the α gradient changed the network's parameters");
            for (double[] row : g.gradient()) {
                assertEquals(0.0, row[0], 0.0, "none multiplies nothing: its weight has no direct gradient");
            }
            double[][] analytic = Alphas.chainSoftmax(alpha, g.gradient());
            double h = 1e-5;
            double largest = 0;
            for (int e = 0; e < 6; e++) {
                for (int op = 0; op < 5; op++) {
                    double[][] plus = Alphas.copy(alpha);
                    plus[e][op] += h;
                    double[][] minus = Alphas.copy(alpha);
                    minus[e][op] -= h;
                    double numeric = (network.weightGradient(batch, Alphas.softmax(plus)).loss()
                            - network.weightGradient(batch, Alphas.softmax(minus)).loss()) / (2 * h);
                    double error = Math.abs(numeric - analytic[e][op]);
                    assertTrue(error <= 1e-6 + 1e-4 * Math.abs(numeric), "K=" + k + " dL/dα[" + e + "][" + op + "]: analytic "
                            + analytic[e][op] + " vs numeric " + numeric);
                    largest = Math.max(largest, Math.abs(numeric));
                }
            }
            assertTrue(largest > 1e-4, "a gradient this small checks nothing: " + largest);
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    /** With one-hot weights the DARTS network is the stand-alone NB201 network holding the same weights. */
    @Test
    void oneHotWeightsComputeTheStandAloneNetwork() {
        ImageDataset train = stripes();
        DartsNetwork network = DartsNetwork.build(MACRO, 1, BuildOptions.defaults(5).withUpdater(new Adam(0.01), 0));
        int[] order = ImageDataset.permutation(train.size(), 0);
        double[][] mixture = Alphas.softmax(Alphas.initial(3));
        for (int step = 0; step < 3; step++) { // non-trivial weights and BN running statistics first
            network.fitWeights(train.batch(order, step * 30, step * 30 + 30, DataType.FLOAT), mixture);
        }
        INDArray x = train.batch(order, 100, 120, DataType.FLOAT).getFeatures();
        for (String cell : CELLS) {
            Genome genome = SPACE.parse(cell);
            ComputationGraph standAlone = new Nb201NetworkBuilder(MACRO).build(SPACE.decode(genome), BuildOptions.defaults(99));
            INDArray untouched = standAlone.outputSingle(false, x);
            Nb201Supernet.copyInto(network.graph(), genome, standAlone);
            INDArray expected = standAlone.outputSingle(false, x);
            INDArray actual = network.graph().outputSingle(false, x, network.weightsInput(Alphas.oneHot(genome.toArray()), 20));
            assertTrue(expected.equalsWithEps(actual, 1e-5), cell + ": " + expected + " vs " + actual);
            assertFalse(untouched.equalsWithEps(actual, 1e-5), "the copy changed the stand-alone network's output");
        }
    }

    /** The w step changes w (α is only read); the α step changes α and nothing of the network, BN statistics included. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void eachStepUpdatesOnlyItsOwnParameters(int k) {
        ImageDataset train = stripes();
        DartsNetwork network = DartsNetwork.build(MACRO, k, BuildOptions.defaults(5).withUpdater(new Adam(0.01), 0));
        int[] order = ImageDataset.permutation(train.size(), 0);
        DataSet batch = train.batch(order, 0, 30, DataType.FLOAT);
        DataSet held = train.batch(order, 30, 60, DataType.FLOAT);
        double[][] alpha = Alphas.initial(1);
        double[][] alphaBefore = Alphas.copy(alpha);
        INDArray w0 = network.graph().params().dup();
        network.fitWeights(batch, Alphas.softmax(alpha));
        INDArray w1 = network.graph().params().dup();
        assertNotEquals(w0, w1, "the w step trains the network");
        assertTrue(Arrays.deepEquals(alphaBefore, alpha), "the w step leaves α alone");
        AlphaAdam adam = new AlphaAdam(3e-4, 0.5, 0.999, 1e-3);
        DartsNetwork.WeightGradient g = network.weightGradient(held, Alphas.softmax(alpha));
        adam.step(alpha, Alphas.chainSoftmax(alpha, g.gradient()));
        assertEquals(w1, network.graph().params(), "the α step leaves every network parameter (and BN statistic) alone");
        assertFalse(Arrays.deepEquals(alphaBefore, alpha), "the α step moves α");
        // the next w step continues from w1: the α step left no state in the network's updater either
        DartsNetwork twin = DartsNetwork.build(MACRO, k, BuildOptions.defaults(5).withUpdater(new Adam(0.01), 0));
        twin.fitWeights(batch, Alphas.softmax(alphaBefore));
        network.fitWeights(held, Alphas.softmax(alphaBefore));
        twin.fitWeights(held, Alphas.softmax(alphaBefore));
        assertEquals(twin.graph().params(), network.graph().params(), "an α step in between changes nothing for w");
    }

    /**
     * α follows the loss: w trained only through nor_conv_3x3 on every edge (the other ops never trained), then α
     * steps alone (w fixed) from a mixture leaning to nor_conv_3x3 (softmax of α = 2 for it, 0 for the others: 0.65)
     * move further toward the cell the weights were trained for (on average and on at least half the edges; it stays
     * the argmax everywhere), and the held-out loss falls.
     * (Gradient ascent, a sign error or a wrong softmax chain rule fails this.)
     */
    @Test
    void alphaMovesTowardTheOpTheWeightsWereTrainedFor() {
        ImageDataset train = stripes();
        DartsSearch.Parts parts = DartsSearch.parts(train, 0.5, 7);
        DartsNetwork network = DartsNetwork.build(MACRO, 1, BuildOptions.defaults(5).withUpdater(new Adam(0.01), 0));
        double[][] conv3 = Alphas.oneHot(new int[] {3, 3, 3, 3, 3, 3});
        for (int epoch = 0; epoch < 4; epoch++) {
            int[] order = ImageDataset.permutation(parts.weights().size(), epoch);
            for (int from = 0; from + 30 <= parts.weights().size(); from += 30) {
                network.fitWeights(parts.weights().batch(order, from, from + 30, DataType.FLOAT), conv3);
            }
        }
        double[][] alpha = new double[6][5];
        for (double[] row : alpha) {
            row[3] = 2;
        }
        double start = Alphas.softmax(alpha)[0][3];
        AlphaAdam adam = new AlphaAdam(0.05, 0.5, 0.999, 1e-3);
        int[] heldOrder = ImageDataset.permutation(parts.alpha().size(), 1);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < 30; step++) {
            int from = (step * 30) % (parts.alpha().size() - 29);
            DartsNetwork.WeightGradient g = network.weightGradient(parts.alpha().batch(heldOrder, from, from + 30, DataType.FLOAT),
                    Alphas.softmax(alpha));
            adam.step(alpha, Alphas.chainSoftmax(alpha, g.gradient()));
            if (step == 0) {
                first = g.loss();
            }
            last = g.loss();
        }
        double[][] weights = Alphas.softmax(alpha);
        System.out.println("α after 30 steps on a conv3x3-trained network:\n" + Alphas.format(weights) + "loss " + first + " → " + last);
        int gained = 0;
        double mean = 0;
        for (int e = 0; e < 6; e++) {
            gained += weights[e][3] > start ? 1 : 0;
            mean += weights[e][3] / 6;
        }
        // on average and on most edges, not on all: on two edges here α moved some weight to none (under
        // batch-statistics BN none scales an edge down) and to the untrained ops
        assertTrue(gained >= 3, "nor_conv_3x3 gained weight from " + start + " on " + gained + " of 6 edges");
        assertTrue(mean > start + 0.03, "mean nor_conv_3x3 weight " + start + " → " + mean);
        assertEquals(Genome.of(3, 3, 3, 3, 3, 3), DartsSelection.argmax(alpha, true), Alphas.format(weights));
        assertTrue(last < first, "held-out loss " + first + " → " + last);
    }

    @Test
    void argmaxExcludesNoneOnlyWhenAsked() {
        double[][] alpha = new double[6][5];
        for (int e = 0; e < 6; e++) {
            alpha[e][0] = 1.0;             // none largest everywhere
            alpha[e][1 + e % 4] = 0.5;     // then one op per edge
        }
        assertEquals(Genome.of(0, 0, 0, 0, 0, 0), DartsSelection.argmax(alpha, true));
        assertEquals(Genome.of(1, 2, 3, 4, 1, 2), DartsSelection.argmax(alpha, false));
    }

    /** A whole search, twice: the same α bit for bit, the same two cells, both valid NB201 cells; PC-DARTS too. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void searchIsDeterministicAndBothRulesReturnValidCells(int k) {
        ImageDataset train = stripes();
        DartsSettings settings = DartsSettings.defaults(4, 1).withPartialChannels(k).withAlphaLearningRate(0.01)
                .withPerturbationImages(60);
        DartsResult a = DartsSearch.run(train, recipe(2), settings);
        DartsResult b = DartsSearch.run(train, recipe(2), settings);
        System.out.println("K=" + k + " α (softmax):\n" + Alphas.format(a.weights()) + "argmax " + a.argmaxCell()
                + "\nperturbation " + a.perturbationCell() + "\n" + a.perturbation().describe() + "losses " + a.lossPerEpoch()
                + " held-out " + a.alphaLossPerEpoch() + ", " + a.seconds() + " s, " + a.steps() + " steps");
        assertTrue(Arrays.deepEquals(a.alphas(), b.alphas()), "same seed, same α");
        assertEquals(a.argmaxGenome(), b.argmaxGenome());
        assertEquals(a.perturbationGenome(), b.perturbationGenome());
        assertEquals(3, a.steps() / 2, "90 w images in batches of 30, two epochs");
        assertEquals(2, a.lossPerEpoch().size());
        for (Genome g : List.of(a.argmaxGenome(), a.perturbationGenome())) {
            assertEquals(6, SPACE.decode(g).format().split("~").length - 1, "a full NB201 cell");
        }
        assertEquals(DartsSelection.argmax(a.alphas(), true), a.argmaxGenome());
        assertFalse(Arrays.deepEquals(Alphas.initial(7 * 17 + 5), a.alphas()), "α moved");
        // the perturbation rule kept, on every edge, an op whose removal cost the most
        DartsSelection.Perturbation p = a.perturbation();
        for (int e = 0; e < 6; e++) {
            assertEquals(0.0, p.accuracyDrop()[e][0], 0.0, "removing none changes nothing");
            int kept = p.genome().get(e);
            for (int op = 0; op < 5; op++) {
                assertTrue(p.accuracyDrop()[e][kept] >= p.accuracyDrop()[e][op], "edge " + e + " kept " + kept);
            }
        }
        assertArrayEquals(ImageDataset.permutation(6, 7), p.edgeOrder());
    }
}
