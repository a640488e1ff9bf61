package io.sparknas.jobs.models;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;

import java.util.List;

/**
 * {@code final.*}: how {@code train-final} trains a run's answer. Everything else of the recipe is the run's own
 * {@code evaluator.dl4j-train.*}, read from the config the run stored; these keys are read from the command's config.
 */
public record FinalSettings(int epochs, int subset, int testSubset, String folder, int latencyRepeats) {
    static final Setting<Integer> EPOCHS = Setting.positiveInt("final.epochs", "10",
            "Epochs of train-final: each chosen architecture is trained this long on all the training images (no "
                    + "validation hold-out), with the run's evaluator.dl4j-train recipe otherwise.");
    static final Setting<Integer> SUBSET = Setting.atLeast("final.subset", "0", 0, "(0 = all)",
            "Seeded random subset of the training images train-final trains on (0 = all of them; for tests and quick looks).");
    static final Setting<Integer> TEST_SUBSET = Setting.atLeast("final.test-subset", "0", 0, "(0 = all)",
            "Seeded random subset of the test split test_acc is measured on (0 = the whole test split).");
    static final Setting<String> FOLDER = Setting.string("final.folder", "\"\"",
            "The dataset's folder for train-final (training and test files); empty: the run's evaluator.dl4j-train.folder.");
    static final Setting<Integer> LATENCY_REPEATS = Setting.positiveInt("final.latency-repeats", "30",
            "Timed forward passes of one image whose median is the model's latency_ms (after 5 untimed ones).");
    public static final List<Setting<?>> SETTINGS = List.of(EPOCHS, SUBSET, TEST_SUBSET, FOLDER, LATENCY_REPEATS);

    static FinalSettings from(NasConfig config) {
        return new FinalSettings(EPOCHS.get(config), SUBSET.get(config), TEST_SUBSET.get(config), FOLDER.get(config),
                LATENCY_REPEATS.get(config));
    }
}
