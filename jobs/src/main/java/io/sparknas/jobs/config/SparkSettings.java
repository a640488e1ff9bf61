package io.sparknas.jobs.config;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The Spark settings a config may make under {@code spark.conf}: an allow-list. A config is data that
 * travels with a run (it is stored in the runs table and a resumed run, or a report, loads it back),
 * so it must not be able to make Spark load a class, a jar, a native library or a script, add JVM
 * options or set a process environment. Whoever launches the job can pass anything to spark-submit.
 * <p>
 * Allowed: the exact keys below (memory, cores, parallelism, scheduling and timeouts, shuffle and
 * compression sizes, SQL tuning, Delta tuning), each of them a number, a size, a duration or a boolean
 * in Spark's registry, or a short name Spark checks against a fixed set (scheduler mode, time zone);
 * and two families: the {@code amount} of a resource ({@code spark.driver|executor|task.resource.NAME.amount},
 * a number: a resource's {@code discoveryScript} and {@code vendor} stay out) and a thread count in
 * the executors' environment ({@link #THREAD_COUNTS}, whose value must be a whole number).
 * {@code spark.databricks.delta.retentionDurationCheck.enabled} and
 * {@code spark.databricks.delta.properties.defaults.*} are not allowed: they are how a VACUUM, or a
 * short log retention, destroys a store's history.
 */
public final class SparkSettings {
    private SparkSettings() {
    }

    /** Every key allowed as it is. */
    public static final Set<String> EXACT = new TreeSet<>(List.of(
            // memory
            "spark.driver.memory", "spark.driver.memoryOverhead", "spark.driver.memoryOverheadFactor",
            "spark.driver.maxResultSize", "spark.executor.memory", "spark.executor.memoryOverhead",
            "spark.executor.memoryOverheadFactor", "spark.memory.fraction", "spark.memory.storageFraction",
            "spark.memory.offHeap.enabled", "spark.memory.offHeap.size",
            // cores and parallelism
            "spark.driver.cores", "spark.executor.cores", "spark.executor.instances", "spark.cores.max", "spark.task.cpus",
            "spark.default.parallelism", "spark.files.maxPartitionBytes",
            "spark.dynamicAllocation.enabled", "spark.dynamicAllocation.minExecutors", "spark.dynamicAllocation.maxExecutors",
            "spark.dynamicAllocation.initialExecutors", "spark.dynamicAllocation.executorIdleTimeout",
            "spark.dynamicAllocation.cachedExecutorIdleTimeout", "spark.dynamicAllocation.schedulerBacklogTimeout",
            "spark.dynamicAllocation.sustainedSchedulerBacklogTimeout", "spark.dynamicAllocation.executorAllocationRatio",
            "spark.dynamicAllocation.shuffleTracking.enabled", "spark.dynamicAllocation.shuffleTracking.timeout",
            // scheduling, retries and timeouts
            "spark.scheduler.mode", "spark.locality.wait", "spark.locality.wait.process", "spark.locality.wait.node",
            "spark.locality.wait.rack", "spark.speculation", "spark.speculation.interval", "spark.speculation.multiplier",
            "spark.speculation.quantile", "spark.speculation.minTaskRuntime", "spark.task.maxFailures",
            "spark.excludeOnFailure.enabled", "spark.excludeOnFailure.timeout",
            "spark.network.timeout", "spark.executor.heartbeatInterval", "spark.rpc.askTimeout", "spark.rpc.lookupTimeout",
            "spark.rpc.message.maxSize", "spark.shuffle.io.maxRetries", "spark.shuffle.io.retryWait",
            // shuffle, spill and compression sizes (the codec itself may name a class: not allowed)
            "spark.shuffle.compress", "spark.shuffle.spill.compress", "spark.shuffle.file.buffer",
            "spark.shuffle.sort.bypassMergeThreshold", "spark.shuffle.accurateBlockThreshold",
            "spark.shuffle.unsafe.file.output.buffer", "spark.reducer.maxSizeInFlight", "spark.reducer.maxReqsInFlight",
            "spark.reducer.maxBlocksInFlightPerAddress", "spark.rdd.compress", "spark.broadcast.compress",
            "spark.broadcast.blockSize", "spark.checkpoint.compress", "spark.io.compression.lz4.blockSize",
            "spark.io.compression.snappy.blockSize", "spark.io.compression.zstd.level", "spark.io.compression.zstd.bufferSize",
            // console and UI
            "spark.ui.enabled", "spark.ui.showConsoleProgress",
            // SQL
            "spark.sql.shuffle.partitions", "spark.sql.adaptive.enabled", "spark.sql.adaptive.advisoryPartitionSizeInBytes",
            "spark.sql.adaptive.coalescePartitions.enabled", "spark.sql.adaptive.coalescePartitions.initialPartitionNum",
            "spark.sql.adaptive.coalescePartitions.minPartitionSize", "spark.sql.adaptive.coalescePartitions.parallelismFirst",
            "spark.sql.adaptive.skewJoin.enabled", "spark.sql.adaptive.skewJoin.skewedPartitionFactor",
            "spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes", "spark.sql.autoBroadcastJoinThreshold",
            "spark.sql.broadcastTimeout", "spark.sql.files.maxPartitionBytes", "spark.sql.files.openCostInBytes",
            "spark.sql.files.maxRecordsPerFile", "spark.sql.session.timeZone", "spark.sql.ansi.enabled",
            "spark.sql.codegen.wholeStage", "spark.sql.inMemoryColumnarStorage.batchSize",
            "spark.sql.inMemoryColumnarStorage.compressed",
            "spark.sql.sources.parallelPartitionDiscovery.threshold", "spark.sql.sources.parallelPartitionDiscovery.parallelism",
            // Delta (not retentionDurationCheck.enabled, not properties.defaults.*: see above)
            "spark.databricks.delta.snapshotPartitions", "spark.databricks.delta.merge.repartitionBeforeWrite.enabled",
            "spark.databricks.delta.optimizeWrite.enabled", "spark.databricks.delta.optimizeWrite.binSize",
            "spark.databricks.delta.autoCompact.enabled", "spark.databricks.delta.autoCompact.minNumFiles",
            "spark.databricks.delta.stats.skipping", "spark.databricks.delta.history.metricsEnabled",
            "spark.databricks.delta.checkpoint.partSize", "spark.databricks.delta.maxCommitAttempts",
            "spark.databricks.delta.optimize.maxFileSize", "spark.databricks.delta.optimize.minFileSize",
            "spark.databricks.delta.optimize.maxThreads"));

    /** How many threads a task's native code (OpenMP, MKL, OpenBLAS) starts: the only executor environment a config may set. */
    public static final Set<String> THREAD_COUNTS = new TreeSet<>(List.of(
            "spark.executorEnv.OMP_NUM_THREADS", "spark.executorEnv.MKL_NUM_THREADS", "spark.executorEnv.OPENBLAS_NUM_THREADS"));

    /** A resource's amount (GPUs per executor, per task); its discoveryScript and vendor are not amounts. */
    public static final Pattern RESOURCE_AMOUNT = Pattern.compile("spark\\.(driver|executor|task)\\.resource\\.[A-Za-z0-9_-]+\\.amount");

    private static final Pattern WHOLE = Pattern.compile("[1-9][0-9]{0,3}");

    public static boolean allowed(String key) {
        return EXACT.contains(key) || THREAD_COUNTS.contains(key) || RESOURCE_AMOUNT.matcher(key).matches();
    }

    /**
     * Refuses a setting a config may not make.
     *
     * @param value  the value as the config holds it (a nested map when the key was not quoted whole)
     * @param origin where it was set, e.g. {@code my.conf: 12}, or empty
     * @return the key
     */
    public static String check(String key, Object value, String origin) {
        String where = origin == null || origin.isEmpty() ? "" : "; set at " + origin;
        if (value instanceof java.util.Map<?, ?>) {
            throw new BadInputException("spark.conf \"" + key + "\" is an object, not a setting: quote each Spark key whole, "
                    + "e.g. spark.conf { \"spark.sql.shuffle.partitions\" = 4 }" + where);
        }
        if (!allowed(key)) {
            throw new BadInputException("spark.conf \"" + key + "\" is not a setting a config may make (allowed: tuning, "
                    + "memory, shuffle, SQL and Delta settings); pass it to spark-submit --conf" + where);
        }
        if (THREAD_COUNTS.contains(key) && !WHOLE.matcher(String.valueOf(value).strip()).matches()) {
            throw new BadInputException("spark.conf \"" + key + "\" must be a whole number of threads (1-9999), got '"
                    + value + "'" + where);
        }
        return key;
    }
}
