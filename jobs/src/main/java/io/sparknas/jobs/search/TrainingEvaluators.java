package io.sparknas.jobs.search;

import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.dl4j.Dl4jTrainingEvaluator;
import io.sparknas.evaluation.dl4j.NetworkFactory;
import io.sparknas.evaluation.dl4j.TrainingRecipe;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.space.MobileNetSpace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The {@code dl4j-train} evaluator from {@code evaluator.dl4j-train.*}, checked on the driver. */
public final class TrainingEvaluators {
    private static final String PREFIX = "evaluator.dl4j-train.";

    private TrainingEvaluators() {
    }

    public static Dl4jTrainingEvaluator from(NasConfig config, SearchSpace space) {
        DatasetSource data = dataset(config);
        if (space.name().equals(MobileNetSpace.NAME) && data.format() == DatasetSource.Format.FASHION_MNIST) {
            throw new BadInputException(PREFIX + "dataset: the mobilenet space is built for 3x32x32 images, "
                    + "fashion-mnist is 1x28x28 (use cifar10 / cifar100, or search.space = nb201)");
        }
        try {
            NetworkFactory networks = new NetworkFactory(space, config.getPositiveInt(PREFIX + "stem-channels"),
                    config.getPositiveInt(PREFIX + "cells-per-stage"));
            return new Dl4jTrainingEvaluator(networks, data, recipe(config));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(PREFIX + ": " + e.getMessage(), e);
        }
    }

    /** The successive-halving rungs (epochs, increasing), empty for a single evaluation. */
    public static List<Integer> fidelities(NasConfig config) {
        List<Integer> epochs = config.getIntList(PREFIX + "fidelities");
        for (int i = 0; i < epochs.size(); i++) {
            if (epochs.get(i) <= 0 || (i > 0 && epochs.get(i) <= epochs.get(i - 1))) {
                throw new BadInputException(PREFIX + "fidelities: " + epochs + " must be positive and increasing");
            }
        }
        return epochs;
    }

    private static TrainingRecipe recipe(NasConfig config) {
        String optimizer = config.getString(PREFIX + "optimizer").toLowerCase(Locale.ROOT);
        TrainingRecipe.Optimizer kind = switch (optimizer) {
            case "sgd" -> TrainingRecipe.Optimizer.SGD_MOMENTUM;
            case "adam" -> TrainingRecipe.Optimizer.ADAM;
            default -> throw new BadInputException(PREFIX + "optimizer: '" + optimizer + "' (known: sgd, adam)");
        };
        return new TrainingRecipe(kind, config.getDouble(PREFIX + "learning-rate"), config.getDouble(PREFIX + "momentum"),
                config.getBoolean(PREFIX + "cosine"), config.getPositiveInt(PREFIX + "epochs"),
                config.getPositiveInt(PREFIX + "batch-size"), config.getDouble(PREFIX + "weight-decay"),
                config.getLong(PREFIX + "seed"));
    }

    private static DatasetSource dataset(NasConfig config) {
        String name = config.getString(PREFIX + "dataset");
        String folder = config.getString(PREFIX + "folder");
        DatasetSource.Format format = switch (name) {
            case "fashion-mnist" -> DatasetSource.Format.FASHION_MNIST;
            case "cifar10" -> DatasetSource.Format.CIFAR10;
            case "cifar100" -> DatasetSource.Format.CIFAR100;
            default -> throw new BadInputException(PREFIX + "dataset: unknown '" + name + "' (known: fashion-mnist, cifar10, cifar100)");
        };
        Path expected = Path.of(folder).resolve(format.firstTrainingFile());
        if (!Files.isRegularFile(expected)) {
            String hint = format == DatasetSource.Format.FASHION_MNIST ? " (apt-get install dataset-fashion-mnist)" : "";
            throw new BadInputException(PREFIX + "folder: " + name + " not found: missing " + expected + hint);
        }
        try {
            return new DatasetSource(folder, format, config.getInt(PREFIX + "subset"),
                    config.getDouble(PREFIX + "validation-fraction"), config.getLong(PREFIX + "seed"));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(PREFIX + ": " + e.getMessage(), e);
        }
    }
}
