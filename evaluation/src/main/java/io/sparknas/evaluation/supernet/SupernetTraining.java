package io.sparknas.evaluation.supernet;

import io.sparknas.evaluation.data.ImageDataset;
import io.sparknas.evaluation.dl4j.BuildOptions;
import io.sparknas.evaluation.dl4j.Dl4jNatives;
import io.sparknas.evaluation.dl4j.Nb201Macro;
import io.sparknas.evaluation.dl4j.TrainingRecipe;
import io.sparknas.population.Genome;
import io.sparknas.population.space.Nb201Space;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains an {@link Nb201Supernet} by single-path uniform sampling: every mini-batch trains one cell drawn
 * uniformly (each of the six edges one of the five ops, from a generator seeded by the recipe's seed), so a
 * step updates only the weights of the ops on that path (the others get zero gradient through their mask).
 * With {@link Sampling#SANDWICH} each mini-batch is three steps instead: the largest cell (every edge
 * {@code nor_conv_3x3}), the smallest non-trivial one (every edge {@code skip_connect}) and one uniform draw —
 * the sandwich rule as consecutive steps (DL4J has no gradient accumulation across passes).
 *
 * <p>Batch order per epoch is the one {@code dl4j-train} uses ({@code permutation(size, seed·1000003 + epoch)}),
 * the updater is the recipe's (cosine schedule over every step). The supernet is saved after every epoch
 * through the {@link Checkpoints} the caller passes.
 */
public final class SupernetTraining {
    /** How sub-networks are drawn per mini-batch. */
    public enum Sampling {
        UNIFORM, SANDWICH;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        int stepsPerBatch() {
            return this == SANDWICH ? 3 : 1;
        }
    }

    /** Receives the supernet after each epoch (e.g. writes {@code epoch-<e>.zip}). */
    public interface Checkpoints {
        void saved(int epoch, ComputationGraph supernet, double meanLoss) throws IOException;
    }

    /** The trained supernet, the mean loss of each epoch, and the wall time of the training loop. */
    public record Outcome(ComputationGraph supernet, List<Double> epochLosses, double seconds, long steps) {
    }

    private static final Genome LARGEST = Genome.of(new int[] {3, 3, 3, 3, 3, 3});
    private static final Genome SMALLEST = Genome.of(new int[] {1, 1, 1, 1, 1, 1});

    private SupernetTraining() {
    }

    /** The updater's steps over the whole training, and the build options of that run. */
    public static BuildOptions buildOptions(TrainingRecipe recipe, int trainSize, Sampling sampling) {
        int batches = (trainSize + recipe.batchSize() - 1) / recipe.batchSize();
        return BuildOptions.defaults(recipe.seed()).withUpdater(
                recipe.updater(batches * sampling.stepsPerBatch() * recipe.epochs()), recipe.weightDecay());
    }

    public static Outcome train(Nb201Macro macro, ImageDataset train, TrainingRecipe recipe, Sampling sampling,
                                Checkpoints checkpoints) throws IOException {
        ComputationGraph supernet = Dl4jNatives.withHelpers(() -> new Nb201Supernet(macro)
                .build(buildOptions(recipe, train.size(), sampling)));
        Random paths = new Random(recipe.seed() * 31 + 17);
        List<Double> losses = new ArrayList<>();
        long steps = 0;
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= recipe.epochs(); epoch++) {
            int[] order = ImageDataset.permutation(train.size(), recipe.seed() * 1_000_003L + epoch);
            double lossSum = 0;
            long lossCount = 0;
            for (int from = 0; from < train.size(); from += recipe.batchSize()) {
                int to = Math.min(train.size(), from + recipe.batchSize());
                DataSet batch = train.batch(order, from, to, DataType.FLOAT);
                List<Genome> cells = sampling == Sampling.SANDWICH
                        ? List.of(LARGEST, SMALLEST, uniform(paths)) : List.of(uniform(paths));
                for (Genome cell : cells) {
                    INDArray mask = Nb201Supernet.mask(cell, to - from);
                    supernet.fit(new MultiDataSet(new INDArray[] {batch.getFeatures(), mask},
                            new INDArray[] {batch.getLabels()}));
                    double loss = supernet.score();
                    if (!Double.isFinite(loss)) {
                        throw new IllegalStateException("supernet training diverged: loss is " + loss + " at epoch " + epoch
                                + " (cell " + new Nb201Space().decode(cell).format() + ")");
                    }
                    lossSum += loss;
                    lossCount++;
                    steps++;
                }
            }
            losses.add(lossSum / lossCount);
            checkpoints.saved(epoch, supernet, lossSum / lossCount);
        }
        return new Outcome(supernet, List.copyOf(losses), (System.nanoTime() - start) / 1e9, steps);
    }

    /** A cell drawn uniformly from the 5^6 of the space. */
    public static Genome uniform(Random random) {
        int[] genes = new int[Nb201Supernet.EDGES];
        for (int i = 0; i < genes.length; i++) {
            genes[i] = random.nextInt(Nb201Supernet.OPS);
        }
        return Genome.of(genes);
    }
}
