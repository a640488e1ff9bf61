package io.sparknas.evaluation.darts;

import io.sparknas.evaluation.data.ImageDataset;
import io.sparknas.evaluation.dl4j.BuildOptions;
import io.sparknas.evaluation.dl4j.Nb201Macro;
import io.sparknas.evaluation.dl4j.TrainingRecipe;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * First-order DARTS on the NB201 cell (plain DL4J, one JVM, no Spark).
 *
 * <p>The training images are split (seeded) into a part for the network weights w and a held-out part
 * ({@link DartsSettings#alphaFraction}) for α; the caller's validation images are never touched. Every step:
 * <ol>
 * <li>w step: one {@code fit} of the {@link DartsNetwork} on the next w batch with the weights input
 *     softmax(α) fixed — the {@code dl4j-train} recipe's updater (its optimiser, lr, cosine over all steps,
 *     weight decay), batch order {@code permutation(size, seed·1000003 + epoch)} as dl4j-train;</li>
 * <li>α step: the loss and dL/dα on the next held-out batch with w fixed (first order: no unrolled step),
 *     then one {@link AlphaAdam} update of α.</li>
 * </ol>
 * α starts at {@code 1e-3·N(0,1)}. Everything is seeded from the recipe's seed; with one native thread two runs
 * give the same α bit for bit. After the last epoch both selection rules ({@link DartsSelection}) pick a cell,
 * the perturbation rule on the held-out part (BN recalibrated on {@link DartsSettings#calibrationBatches} w-part
 * batches per scored mixture, on a copy of the network).
 */
public final class DartsSearch {
    /** Told after every epoch (e.g. to print progress). */
    public interface Progress {
        void epoch(int epoch, double trainLoss, double alphaLoss, double[][] weights);
    }

    private DartsSearch() {
    }

    public static DartsResult run(ImageDataset train, TrainingRecipe recipe, DartsSettings settings) {
        return run(train, recipe, settings, (epoch, trainLoss, alphaLoss, weights) -> { });
    }

    public static DartsResult run(ImageDataset train, TrainingRecipe recipe, DartsSettings settings, Progress progress) {
        long seed = recipe.seed();
        Parts parts = parts(train, settings.alphaFraction(), seed);
        Nb201Macro macro = new Nb201Macro(train.channels(), train.height(), train.width(), train.classes(),
                settings.stemChannels(), settings.cellsPerStage());
        int batch = recipe.batchSize();
        int stepsPerEpoch = (parts.weights().size() + batch - 1) / batch;
        BuildOptions options = BuildOptions.defaults(seed).withUpdater(recipe.updater(stepsPerEpoch * recipe.epochs()),
                recipe.weightDecay());
        DartsNetwork network = DartsNetwork.build(macro, settings.partialChannels(), options);
        double[][] alpha = Alphas.initial(seed * 17 + 5);
        AlphaAdam adam = new AlphaAdam(settings.alphaLearningRate(), settings.alphaBeta1(), settings.alphaBeta2(),
                settings.alphaWeightDecay());

        List<Double> losses = new ArrayList<>();
        List<Double> alphaLosses = new ArrayList<>();
        List<double[][]> history = new ArrayList<>();
        long steps = 0;
        long start = System.nanoTime();
        ImageDataset w = parts.weights();
        ImageDataset a = parts.alpha();
        for (int epoch = 1; epoch <= recipe.epochs(); epoch++) {
            int[] wOrder = ImageDataset.permutation(w.size(), seed * 1_000_003L + epoch);
            int[] aOrder = ImageDataset.permutation(a.size(), seed * 1_000_033L + epoch);
            int aFrom = 0;
            double lossSum = 0;
            double alphaLossSum = 0;
            int count = 0;
            for (int from = 0; from < w.size(); from += batch) {
                int to = Math.min(w.size(), from + batch);
                double loss = network.fitWeights(w.batch(wOrder, from, to, DataType.FLOAT), Alphas.softmax(alpha));
                if (aFrom >= a.size()) {
                    aFrom = 0;
                }
                int aTo = Math.min(a.size(), aFrom + batch);
                DataSet held = a.batch(aOrder, aFrom, aTo, DataType.FLOAT);
                aFrom = aTo;
                DartsNetwork.WeightGradient g = network.weightGradient(held, Alphas.softmax(alpha));
                if (!Double.isFinite(loss) || !Double.isFinite(g.loss())) {
                    throw new IllegalStateException("DARTS search diverged at epoch " + epoch + ": loss " + loss
                            + ", held-out loss " + g.loss());
                }
                adam.step(alpha, Alphas.chainSoftmax(alpha, g.gradient()));
                lossSum += loss;
                alphaLossSum += g.loss();
                count++;
                steps++;
            }
            losses.add(lossSum / count);
            alphaLosses.add(alphaLossSum / count);
            history.add(Alphas.softmax(alpha));
            progress.epoch(epoch, lossSum / count, alphaLossSum / count, Alphas.softmax(alpha));
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        int[] images = ImageDataset.permutation(a.size(), 0);
        if (settings.perturbationImages() > 0 && settings.perturbationImages() < images.length) {
            images = Arrays.copyOf(images, settings.perturbationImages());
        }
        int[] calibrationOrder = ImageDataset.permutation(w.size(), 0);
        List<org.nd4j.linalg.api.ndarray.INDArray> calibration = new ArrayList<>();
        for (int b = 0; b < settings.calibrationBatches() && b * batch < w.size(); b++) {
            calibration.add(w.batch(calibrationOrder, b * batch, Math.min(w.size(), (b + 1) * batch), DataType.FLOAT)
                    .getFeatures());
        }
        DartsSelection.Perturbation perturbation = DartsSelection.perturbation(network, alpha, a, images, batch, seed,
                calibration);
        return new DartsResult(alpha, DartsSelection.argmax(alpha, settings.argmaxIncludesNone()), perturbation.genome(),
                perturbation, List.copyOf(losses), List.copyOf(alphaLosses), List.copyOf(history), seconds, steps, network);
    }

    /** The images the network weights train on, and the held-out ones α trains on. */
    public record Parts(ImageDataset weights, ImageDataset alpha) {
    }

    /** A seeded split of {@code train}: {@code alphaFraction} of it (at least one image) held out for α. */
    public static Parts parts(ImageDataset train, double alphaFraction, long seed) {
        int held = Math.max(1, (int) Math.round(train.size() * alphaFraction));
        if (held >= train.size()) {
            throw new IllegalArgumentException("cannot hold out " + held + " of " + train.size()
                    + " training images for α: nothing would be left for the network weights");
        }
        int[] order = ImageDataset.permutation(train.size(), seed * 31 + 7);
        return new Parts(train.select(Arrays.copyOfRange(order, held, train.size())),
                train.select(Arrays.copyOf(order, held)));
    }
}
