package io.sparknas.jobs.bench.latency;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;

import java.util.List;

/** {@code latency.*}, read by latency-bench: learn each device's latency from K measured cells, rank the rest. */
public record LatencySettings(List<String> tables, List<String> columns, List<String> priorTables, int samples, int seeds,
                              long firstSeed) {
    public static final Setting<List<String>> TABLES = Setting.strings("latency.tables", "[]",
            "CSV / CSV.gz files joined on arch_str, with one lat_ms_<device> column per device.");
    public static final Setting<List<String>> COLUMNS = Setting.strings("latency.columns", "[]",
            "Device columns to model; empty = every lat_ms_* column of the tables.");
    public static final Setting<List<String>> PRIOR_TABLES = Setting.strings("latency.prior-tables", "[]",
            "CSV / CSV.gz files joined on arch_str whose lat_ms_* columns are other devices' latencies: each device is "
            + "then also fitted with them as its prior (FewShotLatencyModel), leaving out the prior column of the "
            + "device's own name, so naming latency.tables here runs leave-one-device-out. Cells the prior lacks are "
            + "left out. Empty = no prior.");
    public static final Setting<Integer> SAMPLES = Setting.positiveInt("latency.samples", "100",
            "Measured cells each latency model is fitted on (K).");
    public static final Setting<Integer> SEEDS = Setting.positiveInt("latency.seeds", "5",
            "Repetitions with different samples, seeds first-seed .. first-seed + seeds - 1.");
    public static final Setting<Long> FIRST_SEED = Setting.whole("latency.first-seed", "0",
            "First seed of the repetitions.");
    public static final List<Setting<?>> SETTINGS = List.of(TABLES, COLUMNS, PRIOR_TABLES, SAMPLES, SEEDS, FIRST_SEED);

    public static LatencySettings from(NasConfig config) {
        return new LatencySettings(TABLES.get(config), COLUMNS.get(config), PRIOR_TABLES.get(config), SAMPLES.get(config), SEEDS.get(config),
                FIRST_SEED.get(config));
    }
}
