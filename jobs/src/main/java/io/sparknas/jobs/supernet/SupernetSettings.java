package io.sparknas.jobs.supernet;

import io.sparknas.evaluation.supernet.SupernetTraining;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;

import java.util.Arrays;
import java.util.List;

/**
 * {@code supernet.*} (the train-supernet command) and {@code evaluator.supernet.*} (search.evaluator = supernet).
 * The data, the skeleton and the rest of the recipe are {@code evaluator.dl4j-train.*}'s, so a supernet and the
 * stand-alone training it stands in for share them.
 */
public final class SupernetSettings {
    static final Setting<Integer> EPOCHS = Setting.positiveInt("supernet.epochs", "5",
            "Epochs of train-supernet over the training part of evaluator.dl4j-train's data (its recipe otherwise).");
    static final Setting<String> SAMPLING = Setting.choice("supernet.sampling", "uniform", "sampling",
            () -> Arrays.stream(SupernetTraining.Sampling.values()).map(SupernetTraining.Sampling::configName).toList(),
            "How each mini-batch picks sub-networks (one of: uniform, sandwich): uniform trains one uniformly drawn cell; "
                    + "sandwich three consecutive steps (every edge nor_conv_3x3, every edge skip_connect, one uniform draw).");
    public static final List<Setting<?>> SETTINGS = List.of(EPOCHS, SAMPLING);

    static final Setting<String> PATH = Setting.string("evaluator.supernet.path", "\"\"",
            "Folder of a trained supernet (the path column of the supernets table; train-supernet prints it).");
    static final Setting<Integer> CALIBRATION_BATCHES = Setting.atLeast("evaluator.supernet.calibration-batches", "4", 0,
            "(0 = none)", "Training batches each candidate's BatchNorm running statistics are recalibrated on "
                    + "(the same batches for every candidate); 0 keeps the statistics the supernet trained with.");
    static final Setting<Integer> BATCH_SIZE = Setting.positiveInt("evaluator.supernet.batch-size", "256",
            "Images per forward pass, for recalibration and validation.");
    public static final List<Setting<?>> EVALUATOR_SETTINGS = List.of(PATH, CALIBRATION_BATCHES, BATCH_SIZE);

    private SupernetSettings() {
    }

    static SupernetTraining.Sampling sampling(NasConfig config) {
        return SupernetTraining.Sampling.valueOf(SAMPLING.get(config).toUpperCase(java.util.Locale.ROOT));
    }
}
