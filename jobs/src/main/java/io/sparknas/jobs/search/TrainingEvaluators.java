package io.sparknas.jobs.search;

import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.data.DecodedImages;
import io.sparknas.evaluation.data.ImageDataset;
import io.sparknas.evaluation.data.ImageSupply;
import io.sparknas.evaluation.dl4j.Dl4jTrainingEvaluator;
import io.sparknas.evaluation.dl4j.NetworkFactory;
import io.sparknas.evaluation.dl4j.TrainingRecipe;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.space.MobileNetSpace;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code dl4j-train} evaluator from {@code evaluator.dl4j-train.*} (its keys are declared here), checked on the driver. */
public final class TrainingEvaluators {
    static final String NAMESPACE = "evaluator.dl4j-train";
    public static final Setting<String> DATASET = Setting.choice("evaluator.dl4j-train.dataset", "fashion-mnist", "dataset",
            () -> List.of("fashion-mnist", "cifar10", "cifar100", "table", "image-folder"), "The training data (one of: "
                    + "fashion-mnist, cifar10, cifar100, table, image-folder): gzipped IDX (Debian package "
                    + "dataset-fashion-mnist), CIFAR's binary format, a Delta / Parquet table (`table.*`), or a folder "
                    + "with one sub-folder of PNG / JPEG images per class (`folder`; class index: the sorted sub-folder "
                    + "names). A table or an image folder is read and checked on the driver and broadcast to the executors.");
    public static final Setting<String> FOLDER = Setting.string("evaluator.dl4j-train.folder",
            "\"/usr/share/datasets/fashion-mnist\"",
            "Folder holding the dataset's files (train-images-idx3-ubyte.gz …, or data_batch_*.bin / train.bin; for "
                    + "image-folder: the class sub-folders).");
    public static final Setting<String> TABLE = Setting.string("evaluator.dl4j-train.table.path", "\"\"",
            "dataset = table: the table's path (Delta when it holds a _delta_log, else Parquet) or a catalog table name. "
                    + "Rows are used in a canonical order (label, then pixels): the seeded subset and split depend on the "
                    + "data only.");
    public static final Setting<String> IMAGE_COLUMN = Setting.string("evaluator.dl4j-train.table.image-column", "image",
            "The image column: binary (PNG / JPEG / GIF / BMP bytes; a value of exactly channels x height x width "
                    + "bytes is raw uint8 pixels, scaled to [0, 1]) or an array of numbers (float, double …: pixels "
                    + "taken as they are).");
    public static final Setting<String> LABEL_COLUMN = Setting.string("evaluator.dl4j-train.table.label-column", "label",
            "The label column: an integer (the class index; classes = the largest + 1) or a string (the class name; "
                    + "index: the sorted names).");
    public static final Setting<String> SPLIT_COLUMN = Setting.string("evaluator.dl4j-train.table.split-column", "\"\"",
            "Optional column naming each row's part: train or validation (the search uses no other value; train-final "
                    + "measures on the rows marked test). "
                    + "Empty: the seeded split of `validation-fraction`; with it, `subset` draws from the train rows only.");
    public static final Setting<Integer> CHANNELS = Setting.atLeast("evaluator.dl4j-train.table.channels", "0", 0,
            "(0 = from the images)", "The images' channels, height and width: needed for raw bytes and arrays, "
                    + "otherwise checked against every decoded image (0: from the first image).");
    public static final Setting<Integer> HEIGHT = Setting.atLeast("evaluator.dl4j-train.table.height", "0", 0,
            "(0 = from the images)", "… height …");
    public static final Setting<Integer> WIDTH = Setting.atLeast("evaluator.dl4j-train.table.width", "0", 0,
            "(0 = from the images)", "… and width.");
    public static final Setting<String> PIXEL_ORDER = Setting.choice("evaluator.dl4j-train.table.pixel-order", "hwc",
            "pixel order", () -> List.of("hwc", "chw"), "The order of raw bytes and arrays (one of: hwc, chw): channels "
                    + "last (most image libraries) or planes (CIFAR's binary files).");
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
    public static final List<Setting<?>> SETTINGS = List.of(DATASET, FOLDER, TABLE, IMAGE_COLUMN, LABEL_COLUMN, SPLIT_COLUMN,
            CHANNELS, HEIGHT, WIDTH, PIXEL_ORDER, SUBSET, VALIDATION_FRACTION, STEM_CHANNELS,
            CELLS_PER_STAGE, OPTIMIZER, LEARNING_RATE, MOMENTUM, COSINE, EPOCHS, BATCH_SIZE, WEIGHT_DECAY, SEED, FIDELITIES);

    private TrainingEvaluators() {
    }

    /** The evaluator; a table or an image folder is read, checked and broadcast here, on the driver. */
    public static Dl4jTrainingEvaluator from(SparkSession spark, NasConfig config, SearchSpace space) {
        DatasetSource data = dataset(spark, config);
        checkShape(space, data.format());
        if (data.supply() != null) {
            checkShape(space, data.supply().images().train());
        }
        return new Dl4jTrainingEvaluator(networks(config, space), data, recipe(config));
    }

    /** Refuses a space whose networks cannot take the dataset's images. */
    public static void checkShape(SearchSpace space, DatasetSource.Format format) {
        switch (format) {
            case FASHION_MNIST -> checkShape(space, 1, 28, 28);
            case CIFAR10, CIFAR100 -> checkShape(space, 3, 32, 32);
            default -> { } // tables and folders: checked on their decoded images
        }
    }

    /** Refuses a mobilenet space built for another input than the decoded table's or folder's images. */
    public static void checkShape(SearchSpace space, ImageDataset images) {
        checkShape(space, images.channels(), images.height(), images.width());
    }

    private static void checkShape(SearchSpace space, int channels, int height, int width) {
        if (space instanceof MobileNetSpace macro
                && (macro.inputChannels() != channels || macro.resolution() != height || height != width)) {
            throw DATASET.error(": the mobilenet space is built for " + macro.inputChannels() + "x" + macro.resolution()
                    + "x" + macro.resolution() + " images (hardware.input-channels, hardware.resolution), the dataset's are "
                    + channels + "x" + height + "x" + width + (height == width ? " (set hardware.input-channels = "
                    + channels + " and hardware.resolution = " + height + ")" : " (mobilenet takes square images)"));
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
            case "table" -> DatasetSource.Format.TABLE;
            case "image-folder" -> DatasetSource.Format.IMAGE_FOLDER;
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

    /**
     * The dataset of {@code evaluator.dl4j-train.*} as the evaluators read it: files checked, or a table or
     * image folder read, checked and supplied.
     */
    public static DatasetSource dataset(SparkSession spark, NasConfig config) {
        DatasetSource.Format format = format(config);
        if (format.supplied()) {
            return supplied(spark, config, format);
        }
        String folder = FOLDER.get(config);
        requireFiles(config, FOLDER, folder, List.of(format.firstTrainingFile()));
        try {
            return new DatasetSource(folder, format, SUBSET.get(config), VALIDATION_FRACTION.get(config), SEED.get(config));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(NAMESPACE + ": " + e.getMessage(), e);
        }
    }

    /** A table or an image folder: decoded and checked here, then broadcast ({@link TrainingImages}). */
    private static DatasetSource supplied(SparkSession spark, NasConfig config, DatasetSource.Format format) {
        int subset = SUBSET.get(config);
        double validationFraction = VALIDATION_FRACTION.get(config);
        long seed = SEED.get(config);
        String where;
        DecodedImages images;
        if (format == DatasetSource.Format.TABLE) {
            TrainingImages.TableSpec spec = TrainingImages.tableSpec(config);
            where = spec.table();
            images = TrainingImages.readTable(spark, spec);
        } else {
            where = FOLDER.get(config);
            images = TrainingImages.readFolder(spark, where);
        }
        try {
            // the split the executors will make, made once here: too few images fail now, not in every task
            new DatasetSource(where, format, subset, validationFraction, seed, ImageSupply.inline(images)).load();
            return new DatasetSource(where, format, subset, validationFraction, seed, TrainingImages.broadcast(spark, images));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(NAMESPACE + ": " + e.getMessage(), e);
        }
    }
}
