package io.sparknas.jobs.search;

import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.dl4j.Dl4jTrainingEvaluator;
import io.sparknas.evaluation.dl4j.NetworkFactory;
import io.sparknas.evaluation.dl4j.TrainingRecipe;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.space.MobileNetSpace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code dl4j-train} evaluator from {@code evaluator.dl4j-train.*} (its keys are declared here), checked on the driver. */
public final class TrainingEvaluators {
    private static final String NAMESPACE = "evaluator.dl4j-train";
    public static final Setting<String> DATASET = Setting.choice("evaluator.dl4j-train.dataset", "fashion-mnist", "dataset",
            () -> List.of("fashion-mnist", "cifar10", "cifar100"), "The training data (one of: fashion-mnist, cifar10, "
                    + "cifar100): gzipped IDX (Debian package dataset-fashion-mnist) or CIFAR's binary format.");
    public static final Setting<String> FOLDER = Setting.string("evaluator.dl4j-train.folder",
            "\"/usr/share/datasets/fashion-mnist\"",
            "Folder holding the dataset's files (train-images-idx3-ubyte.gz …, or data_batch_*.bin / train.bin).");
    public static final Setting<Integer> SUBSET = Setting.atLeast("evaluator.dl4j-train.subset", "0", 0, "(0 = all)",
            "Seeded random subset of the training files (0 = all), split into train and validation parts.");
    public static final Setting<Double> VALIDATION_FRACTION = Setting.number("evaluator.dl4j-train.validation-fraction",
            "0.2", "Share of the (subset of the) training files held out to measure val_acc.");
    public static final Setting<Integer> STEM_CHANNELS = Setting.positiveInt("evaluator.dl4j-train.stem-channels", "16",
            "The NB201 skeleton around the cell: stem channels C (NAS-Bench-201: 16) …");
    public static final Setting<Integer> CELLS_PER_STAGE = Setting.positiveInt("evaluator.dl4j-train.cells-per-stage", "5",
            "… and cells per stage N (NAS-Bench-201: 5).");
    public static final Setting<String> OPTIMIZER = Setting.choice("evaluator.dl4j-train.optimizer", "sgd", "optimizer",
            () -> List.of("sgd", "adam"), "The optimizer (one of: sgd, adam); sgd with Nesterov momentum.");
    public static final Setting<Double> LEARNING_RATE = Setting.number("evaluator.dl4j-train.learning-rate", "0.1",
            "Initial learning rate.");
    public static final Setting<Double> MOMENTUM = Setting.number("evaluator.dl4j-train.momentum", "0.9",
            "Momentum of sgd (adam ignores it).");
    public static final Setting<Boolean> COSINE = Setting.bool("evaluator.dl4j-train.cosine", "true",
            "Anneal the learning rate to 0 along a cosine over the run.");
    public static final Setting<Integer> EPOCHS = Setting.positiveInt("evaluator.dl4j-train.epochs", "1",
            "Epochs of one evaluation when `fidelities` is empty.");
    public static final Setting<Integer> BATCH_SIZE = Setting.positiveInt("evaluator.dl4j-train.batch-size", "256",
            "Mini-batch size.");
    public static final Setting<Double> WEIGHT_DECAY = Setting.number("evaluator.dl4j-train.weight-decay", "5.0e-4",
            "L2 weight decay on the weights.");
    public static final Setting<Long> SEED = Setting.whole("evaluator.dl4j-train.seed", "0",
            "Seed of the subset, the split, the weight initialisation and the batch order.");
    public static final Setting<List<Integer>> FIDELITIES = Setting.ints("evaluator.dl4j-train.fidelities", "[]",
            "Successive halving: increasing epoch budgets of the rungs, e.g. [1, 3]. Every candidate is trained at the "
                    + "first; the best 1/eta of each rung go on to the next; each rung is its own evaluations row "
                    + "(fidelity \"1ep\", \"3ep\"). Empty: one evaluation at `epochs`.")
            .check(epochs -> {
                for (int i = 0; i < epochs.size(); i++) {
                    if (epochs.get(i) <= 0 || (i > 0 && epochs.get(i) <= epochs.get(i - 1))) {
                        return ": " + epochs + " must be positive and increasing";
                    }
                }
                return null;
            });
    public static final List<Setting<?>> SETTINGS = List.of(DATASET, FOLDER, SUBSET, VALIDATION_FRACTION, STEM_CHANNELS,
            CELLS_PER_STAGE, OPTIMIZER, LEARNING_RATE, MOMENTUM, COSINE, EPOCHS, BATCH_SIZE, WEIGHT_DECAY, SEED, FIDELITIES);

    private TrainingEvaluators() {
    }

    public static Dl4jTrainingEvaluator from(NasConfig config, SearchSpace space) {
        DatasetSource data = dataset(config);
        checkShape(space, data.format());
        return new Dl4jTrainingEvaluator(networks(config, space), data, recipe(config));
    }

    /** Refuses a space whose networks cannot take the dataset's images. */
    public static void checkShape(SearchSpace space, DatasetSource.Format format) {
        if (space.name().equals(MobileNetSpace.NAME) && format == DatasetSource.Format.FASHION_MNIST) {
            throw DATASET.error(": the mobilenet space is built for 3x32x32 images, "
                    + "fashion-mnist is 1x28x28 (use cifar10 / cifar100, or the nb201 space)");
        }
    }

    /** The skeleton networks are built in ({@code stem-channels}, {@code cells-per-stage}). */
    public static NetworkFactory networks(NasConfig config, SearchSpace space) {
        try {
            return new NetworkFactory(space, STEM_CHANNELS.get(config), CELLS_PER_STAGE.get(config));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(NAMESPACE + ": " + e.getMessage(), e);
        }
    }

    /** The successive-halving rungs (epochs, increasing), empty for a single evaluation. */
    public static List<Integer> fidelities(NasConfig config) {
        return FIDELITIES.get(config);
    }

    /** The training recipe of {@code evaluator.dl4j-train.*} (epochs: {@code epochs}). */
    public static TrainingRecipe recipe(NasConfig config) {
        TrainingRecipe.Optimizer kind = switch (OPTIMIZER.get(config)) {
            case "adam" -> TrainingRecipe.Optimizer.ADAM;
            default -> TrainingRecipe.Optimizer.SGD_MOMENTUM;
        };
        return new TrainingRecipe(kind, LEARNING_RATE.get(config), MOMENTUM.get(config), COSINE.get(config),
                EPOCHS.get(config), BATCH_SIZE.get(config), WEIGHT_DECAY.get(config), SEED.get(config));
    }

    /** The dataset's on-disk format ({@code dataset}). */
    public static DatasetSource.Format format(NasConfig config) {
        return switch (DATASET.get(config)) {
            case "cifar10" -> DatasetSource.Format.CIFAR10;
            case "cifar100" -> DatasetSource.Format.CIFAR100;
            default -> DatasetSource.Format.FASHION_MNIST;
        };
    }

    /**
     * Refuses, naming {@code key} and the first missing file, a folder without {@code files} of the config's
     * dataset (e.g. the training files, or the test files a final training measures on).
     */
    public static void requireFiles(NasConfig config, Setting<String> key, String folder, List<String> files) {
        for (String file : files) {
            Path expected = Path.of(folder).resolve(file);
            if (!Files.isRegularFile(expected)) {
                String hint = format(config) == DatasetSource.Format.FASHION_MNIST ? " (apt-get install dataset-fashion-mnist)" : "";
                throw key.error(": " + DATASET.get(config) + " not found: missing " + expected + hint);
            }
        }
    }

    /** The dataset of {@code evaluator.dl4j-train.*} (folder checked), as the evaluators read it. */
    public static DatasetSource dataset(NasConfig config) {
        String folder = FOLDER.get(config);
        DatasetSource.Format format = format(config);
        requireFiles(config, FOLDER, folder, List.of(format.firstTrainingFile()));
        try {
            return new DatasetSource(folder, format, SUBSET.get(config), VALIDATION_FRACTION.get(config), SEED.get(config));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(NAMESPACE + ": " + e.getMessage(), e);
        }
    }
}
