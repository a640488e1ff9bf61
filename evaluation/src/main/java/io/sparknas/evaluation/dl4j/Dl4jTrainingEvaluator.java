package io.sparknas.evaluation.dl4j;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.ConfigDigest;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.Evaluator;
import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.data.ImageDataset;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trains every candidate from scratch with a {@link TrainingRecipe} on a {@link DatasetSource}'s
 * training part and scores it on the validation part. Holds only serialisable settings; the data
 * is loaded on first use (once per JVM) and networks are built inside {@link #evaluate}.
 *
 * <p>Metrics: {@code val_acc} (percent, like the benchmark tables), {@code train_loss} (mean loss of
 * the last epoch), {@code params} (trainable), {@code train_images_per_s}, and the loss curve as
 * {@code loss_epoch_1} … {@code loss_epoch_E}. A non-finite loss ends training with a FAILED row
 * ("diverged: loss is NaN at epoch e"); running out of memory, or any other failure of one
 * candidate, is a FAILED row too, and the batch goes on.
 */
public final class Dl4jTrainingEvaluator implements Evaluator {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "dl4j-train";

    private final NetworkFactory networks;
    private final DatasetSource data;
    private final TrainingRecipe recipe;

    public Dl4jTrainingEvaluator(NetworkFactory networks, DatasetSource data, TrainingRecipe recipe) {
        this.networks = Objects.requireNonNull(networks, "networks");
        this.data = Objects.requireNonNull(data, "data");
        this.recipe = Objects.requireNonNull(recipe, "recipe");
    }

    @Override
    public String name() {
        return NAME;
    }

    public TrainingRecipe recipe() {
        return recipe;
    }

    /** The same evaluator at another epoch budget (another fidelity), e.g. a successive-halving rung. */
    public Dl4jTrainingEvaluator withEpochs(int epochs) {
        return new Dl4jTrainingEvaluator(networks, data, recipe.withEpochs(epochs));
    }

    @Override
    public void useThreads(int threads) {
        Dl4jNatives.useThreads(threads);
    }

    /**
     * Skeleton, data (not its folder: the same files elsewhere are the same data; for a table or an image
     * folder, the digest of the decoded images) and recipe.
     */
    @Override
    public String configDigest() {
        if (data.supply() != null) {
            return ConfigDigest.of(networks.describe(), data.format(), data.subsetSize(), data.validationFraction(),
                    data.splitSeed(), recipe, data.supply().digest());
        }
        return ConfigDigest.of(networks.describe(), data.format(), data.subsetSize(), data.validationFraction(),
                data.splitSeed(), recipe);
    }

    @Override
    public String fidelity() {
        return recipe.epochs() + "ep";
    }

    @Override
    public List<EvaluationResult> evaluate(List<Candidate> batch) {
        List<EvaluationResult> results = new ArrayList<>(batch.size());
        for (Candidate candidate : batch) {
            results.add(evaluateOne(candidate));
        }
        return results;
    }

    private EvaluationResult evaluateOne(Candidate candidate) {
        long start = System.nanoTime();
        try {
            Map<String, Double> metrics = train(candidate);
            return EvaluationResult.ok(candidate, metrics, recipe.seed(), seconds(start));
        } catch (Diverged e) {
            return EvaluationResult.failed(candidate, e.getMessage(), recipe.seed(), seconds(start));
        } catch (OutOfMemoryError e) {
            return EvaluationResult.failed(candidate, "out of memory: " + e.getMessage(), recipe.seed(), seconds(start));
        } catch (RuntimeException e) {
            return EvaluationResult.failed(candidate, e.getClass().getSimpleName() + ": " + e.getMessage(), recipe.seed(),
                    seconds(start));
        }
    }

    private Map<String, Double> train(Candidate candidate) {
        ImageDataset.Split split = data.load();
        ImageDataset train = split.train();
        ComputationGraph network = Dl4jNatives.withHelpers(() -> networks.build(candidate.genome(), shapeOf(train),
                buildOptions(recipe, train.size())));

        Map<String, Double> metrics = new LinkedHashMap<>();
        double lastEpochLoss = Double.NaN;
        long trainingStart = System.nanoTime();
        for (int epoch = 1; epoch <= recipe.epochs(); epoch++) {
            lastEpochLoss = fitEpoch(network, train, recipe, epoch);
            metrics.put("loss_epoch_" + epoch, lastEpochLoss);
        }
        double trainingSeconds = (System.nanoTime() - trainingStart) / 1e9;
        metrics.put("train_loss", lastEpochLoss);
        metrics.put("val_acc", 100.0 * ((double) correct(network, split.validation(), recipe.batchSize()) / split.validation().size()));
        metrics.put("params", (double) ParamCounts.trainable(network));
        metrics.put("train_images_per_s", (double) train.size() * recipe.epochs() / trainingSeconds);
        return metrics;
    }

    /** The network's input: the data's image shape and classes. */
    public static InputShape shapeOf(ImageDataset data) {
        return new InputShape(data.channels(), data.height(), data.width(), data.classes());
    }

    /** How a network trained by {@code recipe} on {@code trainSize} images is built: its seed, updater (schedule over every step) and decay. */
    static BuildOptions buildOptions(TrainingRecipe recipe, int trainSize) {
        int stepsPerEpoch = (trainSize + recipe.batchSize() - 1) / recipe.batchSize();
        return BuildOptions.defaults(recipe.seed()).withUpdater(recipe.updater(stepsPerEpoch * recipe.epochs()),
                recipe.weightDecay());
    }

    /**
     * One epoch (1-based) over {@code train} in the recipe's seeded order for that epoch, so that the same
     * epoch of the same recipe always sees the same batches; returns the epoch's mean loss.
     */
    static double fitEpoch(ComputationGraph network, ImageDataset train, TrainingRecipe recipe, int epoch) {
        int[] order = ImageDataset.permutation(train.size(), recipe.seed() * 1_000_003L + epoch);
        double lossSum = 0;
        for (int from = 0; from < train.size(); from += recipe.batchSize()) {
            int to = Math.min(train.size(), from + recipe.batchSize());
            network.fit(train.batch(order, from, to, DataType.FLOAT));
            double loss = network.score();
            if (!Double.isFinite(loss)) {
                throw new Diverged("diverged: loss is " + (Double.isNaN(loss) ? "NaN" : "infinite") + " at epoch " + epoch);
            }
            lossSum += loss * (to - from);
        }
        return lossSum / train.size();
    }

    /** How many images of {@code data} the network classifies correctly (inference mode, batches of {@code batchSize}). */
    public static int correct(ComputationGraph network, ImageDataset data, int batchSize) {
        int[] order = ImageDataset.permutation(data.size(), 0);
        int correct = 0;
        for (int from = 0; from < data.size(); from += batchSize) {
            int to = Math.min(data.size(), from + batchSize);
            DataSet batch = data.batch(order, from, to, DataType.FLOAT);
            INDArray predicted = network.outputSingle(false, batch.getFeatures()).argMax(1);
            INDArray actual = batch.getLabels().argMax(1);
            for (int i = 0; i < to - from; i++) {
                if (predicted.getInt(i) == actual.getInt(i)) {
                    correct++;
                }
            }
        }
        return correct;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Thrown inside training only, so that a diverged run becomes a FAILED row with its own reason. */
    static final class Diverged extends RuntimeException {
        Diverged(String message) {
            super(message, null, false, false);
        }
    }
}
