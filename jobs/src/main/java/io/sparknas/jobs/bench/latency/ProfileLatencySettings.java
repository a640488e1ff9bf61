package io.sparknas.jobs.bench.latency;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;

import java.util.List;

/**
 * {@code profile-latency.*}: inference latency of sampled NB201 networks measured on the executors' own CPUs,
 * then a LatencyTableModel per device fitted on {@code fit-cells} of them.
 */
public record ProfileLatencySettings(int cells, int fitCells, List<Integer> batchSizes, int warmup, int repeats, long seed,
                                     int stemChannels, int cellsPerStage, int partitions, int threadsPerTask,
                                     List<String> priorDevices) {
    public static final Setting<Integer> CELLS = Setting.positiveInt("profile-latency.cells", "60",
            "Cells sampled and measured.");
    public static final Setting<Integer> FIT_CELLS = Setting.positiveInt("profile-latency.fit-cells", "20",
            "Measured cells the LatencyTableModel is fitted on; the rest are ranked.");
    public static final Setting<List<Integer>> BATCH_SIZES = Setting.ints("profile-latency.batch-sizes", "[1, 16]",
            "Batch sizes measured; each is its own device name (cpu-<model>-b<batch>).")
            .check(b -> b.isEmpty() || b.stream().anyMatch(size -> size < 1) ? "must list batch sizes >= 1, got " + b : null);
    public static final Setting<Integer> WARMUP = Setting.atLeast("profile-latency.warmup", "3", 0, "",
            "Untimed runs before the timed ones.");
    public static final Setting<Integer> REPEATS = Setting.positiveInt("profile-latency.repeats", "10",
            "Timed runs per (cell, batch size): the median is stored.");
    public static final Setting<Long> SEED = Setting.whole("profile-latency.seed", "0", "Sample and weight seed.");
    public static final Setting<Integer> STEM_CHANNELS = Setting.positiveInt("profile-latency.stem-channels", "16",
            "The NB201 skeleton at 3x32x32, 10 classes: stem channels (NAS-Bench-201: 16) …");
    public static final Setting<Integer> CELLS_PER_STAGE = Setting.positiveInt("profile-latency.cells-per-stage", "5",
            "… and cells per stage (NAS-Bench-201: 5).");
    public static final Setting<Integer> PARTITIONS = Setting.atLeast("profile-latency.partitions", "0", 0, "",
            "Spark partitions of the sample (0 = default parallelism).");
    public static final Setting<Integer> THREADS_PER_TASK = Setting.positiveInt("profile-latency.threads-per-task", "1",
            "Native threads per task.");
    public static final Setting<List<String>> PRIOR_DEVICES = Setting.strings("profile-latency.prior-devices", "[]",
            "Devices of hardware_costs whose latencies are the prior of each device profiled: a FewShotLatencyModel is "
            + "also fitted on the same fit-cells (prior_spearman). A device is never its own prior; each must have a row "
            + "for every cell measured. Empty = no prior.");
    public static final List<Setting<?>> SETTINGS = List.of(CELLS, FIT_CELLS, BATCH_SIZES, WARMUP, REPEATS, SEED,
            STEM_CHANNELS, CELLS_PER_STAGE, PARTITIONS, THREADS_PER_TASK, PRIOR_DEVICES);

    public static ProfileLatencySettings from(NasConfig config) {
        int cells = CELLS.get(config);
        int fitCells = FIT_CELLS.get(config);
        if (fitCells >= cells) {
            throw FIT_CELLS.error("must be below " + CELLS.key() + " (" + cells + "), got " + fitCells);
        }
        return new ProfileLatencySettings(cells, fitCells, List.copyOf(BATCH_SIZES.get(config)), WARMUP.get(config),
                REPEATS.get(config), SEED.get(config), STEM_CHANNELS.get(config), CELLS_PER_STAGE.get(config),
                PARTITIONS.get(config), THREADS_PER_TASK.get(config), List.copyOf(PRIOR_DEVICES.get(config)));
    }
}
