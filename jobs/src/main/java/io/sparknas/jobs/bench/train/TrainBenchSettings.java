package io.sparknas.jobs.bench.train;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;
import io.sparknas.jobs.search.Registry;

import java.util.List;

/**
 * {@code train-bench.*}: images/s of one network trained by evaluator.dl4j-train in a plain loop vs inside a
 * Spark task, alternated {@code repeats} times after a warm-up.
 */
public record TrainBenchSettings(String space, String arch, int epochs, int repeats) {
    public static final Setting<String> SPACE = Setting.choice("train-bench.space", "nb201", "search space",
            () -> Registry.SPACES, "The search space of the architecture trained (one of: nb201, mobilenet).");
    public static final Setting<String> ARCH = Setting.required("train-bench.arch",
            "\"|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|\"",
            "The architecture trained, as the space writes it (default: a conv-heavy NB201 cell).");
    public static final Setting<Integer> EPOCHS = Setting.positiveInt("train-bench.epochs", "1",
            "Epochs per timed training.");
    public static final Setting<Integer> REPEATS = Setting.positiveInt("train-bench.repeats", "3",
            "Timed rounds, each one plain loop and one Spark task.");
    public static final List<Setting<?>> SETTINGS = List.of(SPACE, ARCH, EPOCHS, REPEATS);

    public static TrainBenchSettings from(NasConfig config) {
        return new TrainBenchSettings(SPACE.get(config), ARCH.get(config), EPOCHS.get(config), REPEATS.get(config));
    }
}
