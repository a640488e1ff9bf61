package io.sparknas.jobs.config;

import java.util.List;

/** {@code hardware.*}: the network shape behind the analytic costs (params, flops, activations). */
public record HardwareSettings(int classes) {
    public static final Setting<Integer> CLASSES = Setting.positiveInt("hardware.classes", "10",
            "Classes of the network whose analytic costs (params, flops, activations) are computed.");
    public static final List<Setting<?>> SETTINGS = List.of(CLASSES);

    public static HardwareSettings from(NasConfig config) {
        return new HardwareSettings(CLASSES.get(config));
    }

    /** {@code hardware.classes}, the one value most readers need. */
    public static int classes(NasConfig config) {
        return CLASSES.get(config);
    }
}
