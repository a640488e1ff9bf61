package io.sparknas.jobs.bench.zerocost;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;

import java.util.List;

/**
 * {@code zero-cost-bench.*}: synflow, NASWOT, grad_norm and snip of NB201 networks built as NAS-Bench-201
 * trained them, scored on the executors for a seeded sample of cells and ranked against a column of the tables.
 */
public record ZeroCostSettings(List<String> tables, String target, String published, String publishedDataset,
                               boolean includePublished, int cells, long sampleSeed, long seed, int batch,
                               int dataProxyCells, int partitions, int threadsPerTask, String cellsCsv) {
    public static final Setting<List<String>> TABLES = Setting.strings("zero-cost-bench.tables", "[]",
            "CSV / CSV.gz files joined on arch_str, holding the target column (e.g. nb201-test200-nats).");
    public static final Setting<String> TARGET = Setting.required("zero-cost-bench.target", "cifar10_test_acc",
            "The column the proxies are ranked against.");
    public static final Setting<String> PUBLISHED = Setting.of("zero-cost-bench.published", "\"\"",
            "Optional CSV of published proxy scores (NASLib names: synflow, nwot, grad_norm, snip), compared per "
                    + "architecture; rows filtered on its `dataset` column when it has one.",
            (config, key) -> config.getString(key).trim());
    public static final Setting<String> PUBLISHED_DATASET = Setting.string("zero-cost-bench.published-dataset", "cifar10",
            "The published table's `dataset` value compared with.");
    public static final Setting<Boolean> INCLUDE_PUBLISHED = Setting.bool("zero-cost-bench.include-published", "true",
            "Put the published table's cells first in the sample (both are uniform random samples of the space).");
    public static final Setting<Integer> CELLS = Setting.positiveInt("zero-cost-bench.cells", "1000",
            "Cells sampled and scored.");
    public static final Setting<Long> SAMPLE_SEED = Setting.whole("zero-cost-bench.sample-seed", "0",
            "Seed of the sample of cells.");
    public static final Setting<Long> SEED = Setting.whole("zero-cost-bench.seed", "0",
            "Weight initialisation and input seed.");
    public static final Setting<Integer> BATCH = Setting.integer("zero-cost-bench.batch", "32",
            "Random-normal inputs (and random labels) for NASWOT, grad_norm and snip.")
            .require(b -> b >= 2, "at least 2 (NASWOT compares inputs)");
    public static final Setting<Integer> DATA_PROXY_CELLS = Setting.atLeast("zero-cost-bench.data-proxy-cells", "-1", -1,
            "(-1 = all)", "The first K cells of the sample also get the data-dependent proxies; -1 = all, 0 = synflow only.");
    public static final Setting<Integer> PARTITIONS = Setting.atLeast("zero-cost-bench.partitions", "0", 0, "",
            "Spark partitions of the sample (0 = 4 x default parallelism).");
    public static final Setting<Integer> THREADS_PER_TASK = Setting.positiveInt("zero-cost-bench.threads-per-task", "1",
            "Native threads per task.");
    public static final Setting<String> CELLS_CSV = Setting.of("zero-cost-bench.cells-csv", "\"\"",
            "Optional folder: per-cell scores as CSV (Spark writer, one part file).", (config, key) -> config.getString(key).trim());
    public static final List<Setting<?>> SETTINGS = List.of(TABLES, TARGET, PUBLISHED, PUBLISHED_DATASET, INCLUDE_PUBLISHED,
            CELLS, SAMPLE_SEED, SEED, BATCH, DATA_PROXY_CELLS, PARTITIONS, THREADS_PER_TASK, CELLS_CSV);

    public static ZeroCostSettings from(NasConfig config) {
        return new ZeroCostSettings(TABLES.get(config), TARGET.get(config), PUBLISHED.get(config),
                PUBLISHED_DATASET.get(config), INCLUDE_PUBLISHED.get(config), CELLS.get(config), SAMPLE_SEED.get(config),
                SEED.get(config), BATCH.get(config), DATA_PROXY_CELLS.get(config), PARTITIONS.get(config),
                THREADS_PER_TASK.get(config), CELLS_CSV.get(config));
    }
}
