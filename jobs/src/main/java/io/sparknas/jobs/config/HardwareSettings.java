package io.sparknas.jobs.config;

import java.util.List;

/**
 * {@code hardware.*}: the network shape behind the analytic costs (params, flops, activations), and the
 * input the mobilenet space's networks are built for.
 */
public record HardwareSettings(int classes, int inputChannels, int resolution) {
    public static final Setting<Integer> CLASSES = Setting.positiveInt("hardware.classes", "10",
            "Classes of the network whose analytic costs (params, flops, activations) are computed.");
    public static final Setting<Integer> INPUT_CHANNELS = Setting.positiveInt("hardware.input-channels", "3",
            "Image channels the mobilenet space's networks take (3 for CIFAR, 1 for Fashion-MNIST); nb201 cells "
                    + "take whatever the dataset has.");
    public static final Setting<Integer> RESOLUTION = Setting.positiveInt("hardware.resolution", "32",
            "Image height and width the mobilenet space's networks take (32 for CIFAR, 28 for Fashion-MNIST).");
    public static final List<Setting<?>> SETTINGS = List.of(CLASSES, INPUT_CHANNELS, RESOLUTION);

    public static HardwareSettings from(NasConfig config) {
        return new HardwareSettings(CLASSES.get(config), INPUT_CHANNELS.get(config), RESOLUTION.get(config));
    }

    /** {@code hardware.classes}, the one value most readers need. */
    public static int classes(NasConfig config) {
        return CLASSES.get(config);
    }
}
