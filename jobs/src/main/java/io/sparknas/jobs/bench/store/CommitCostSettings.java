package io.sparknas.jobs.bench.store;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;

import java.util.List;

/**
 * {@code commit-cost.*}: one generation's commit timed against the size of the {@code evaluations} table,
 * which is filled with synthetic rows through the store's own API.
 */
public record CommitCostSettings(List<Integer> sizes, int batch, int repeats, int chunk, String store) {
    public static final Setting<List<Integer>> SIZES = Setting.ints("commit-cost.sizes", "[10000, 100000, 1000000]",
            "Rows of evaluations at which a generation's commit is timed, increasing; the table is filled up to each.")
            .check(sizes -> {
                if (sizes.isEmpty()) {
                    return ": give at least one size";
                }
                for (int i = 0; i < sizes.size(); i++) {
                    if (sizes.get(i) < 0 || (i > 0 && sizes.get(i) <= sizes.get(i - 1))) {
                        return ": " + sizes + " must be >= 0 and increasing";
                    }
                }
                return null;
            });
    public static final Setting<Integer> BATCH = Setting.positiveInt("commit-cost.batch", "20",
            "Candidates of the timed generation (its evaluations, candidates and population rows).");
    public static final Setting<Integer> REPEATS = Setting.positiveInt("commit-cost.repeats", "3",
            "Generations timed at each size (the median is reported).");
    public static final Setting<Integer> CHUNK = Setting.positiveInt("commit-cost.chunk", "100000",
            "Synthetic rows per insert while the table is filled.");
    public static final Setting<String> STORE = Setting.string("commit-cost.store", "\"\"",
            "A new folder for the benchmark's store, kept afterwards; empty: a temporary folder, deleted afterwards. "
                    + "An existing folder is refused.");
    public static final List<Setting<?>> SETTINGS = List.of(SIZES, BATCH, REPEATS, CHUNK, STORE);

    public static CommitCostSettings from(NasConfig config) {
        return new CommitCostSettings(SIZES.get(config), BATCH.get(config), REPEATS.get(config), CHUNK.get(config),
                STORE.get(config));
    }
}
