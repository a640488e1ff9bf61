package io.sparknas.jobs.bench.latency;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.dl4j.InputShape;
import io.sparknas.evaluation.dl4j.NativeThreads;
import io.sparknas.evaluation.dl4j.NetworkFactory;
import io.sparknas.evaluation.latency.LatencyProfiler;
import io.sparknas.hardware.FewShotLatencyModel;
import io.sparknas.hardware.LatencyPrior;
import io.sparknas.hardware.LatencyTableModel;
import io.sparknas.hardware.Nb201Costs;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.StoreSettings;
import io.sparknas.jobs.store.Tables;
import io.sparknas.population.CheckpointableRandom;
import io.sparknas.population.Genome;
import io.sparknas.population.space.Nb201Cell;
import io.sparknas.population.space.Nb201Space;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * The {@code profile-latency} command: measures the inference latency of sampled NB201 networks on
 * the executors ({@link LatencyProfiler}, one candidate at a time per task, native threads capped per
 * task), MERGEs one {@code hardware_costs} row per (canonical key, device) with source
 * {@code measured}, and then learns each device's {@link LatencyTableModel} from the measured rows
 * read back from the table: fitted on {@code fit-cells} of them, ranked on the rest, against FLOPs. With
 * {@code prior-devices}, those devices' hardware_costs latencies are also the prior of a
 * {@link FewShotLatencyModel} fitted on the same rows (a device is never its own prior).
 */
public final class ProfileLatencyJob {
    public static final String MEASURED = "measured";
    private static final String ARCH = "arch";
    private static final StructType CELLS = new StructType().add(ARCH, DataTypes.StringType, false);

    private ProfileLatencyJob() {
    }

    public static List<MeasuredDeviceSummary> run(SparkSession spark, NasConfig config, PrintStream out) {
        ProfileLatencySettings settings = ProfileLatencySettings.from(config);
        int cells = settings.cells();
        int fitCells = settings.fitCells();
        List<Integer> batches = settings.batchSizes(); // serialisable, shipped to tasks
        int warmup = settings.warmup();
        int repeats = settings.repeats();
        long seed = settings.seed();
        int threads = settings.threadsPerTask();
        int stem = settings.stemChannels();
        int depth = settings.cellsPerStage();
        int partitions = settings.partitions() > 0 ? settings.partitions()
                : spark.sparkContext().defaultParallelism();
        ResultStore store = new ResultStore(spark, StoreSettings.path(config)).ensureTables();

        Nb201Space space = new Nb201Space();
        List<Row> sample = sample(space, cells, seed);
        NetworkFactory networks = new NetworkFactory(space, stem, depth);
        LatencyProfiler profiler = new LatencyProfiler(networks, InputShape.cifar(10), warmup, repeats, seed);
        long start = System.nanoTime();
        List<Row> measured = measure(spark, sample, profiler, batches, threads, partitions);
        double wall = (System.nanoTime() - start) / 1e9;
        store.upsert(Tables.HARDWARE_COSTS, measured);

        Nb201Costs costs = new Nb201Costs(3, 32, 10, stem, depth);
        Map<String, Map<String, Double>> prior = priorLatencies(store, settings.priorDevices());
        List<MeasuredDeviceSummary> summaries = new ArrayList<>();
        for (String device : measured.stream().map(r -> r.<String>getAs(Columns.DEVICE)).distinct().sorted().toList()) {
            summaries.add(fitAndRank(space, costs, device, store.hardwareCosts(device, MEASURED), fitCells, seed, wall, prior));
        }
        print(out, summaries);
        return summaries;
    }

    /** Each prior device's latency (ms) by canonical key, from every row of hardware_costs, in the order listed. */
    private static Map<String, Map<String, Double>> priorLatencies(ResultStore store, List<String> devices) {
        Map<String, Map<String, Double>> byDevice = new LinkedHashMap<>();
        if (devices.isEmpty()) {
            return byDevice;
        }
        devices.forEach(d -> byDevice.put(d, new HashMap<>()));
        for (Row row : store.read(Tables.HARDWARE_COSTS).filter(col(Columns.DEVICE).isin(devices.toArray()))
                .select(Columns.DEVICE, Columns.CANONICAL_KEY, Columns.LATENCY_MS).collectAsList()) {
            int latency = row.fieldIndex(Columns.LATENCY_MS);
            if (!row.isNullAt(latency)) {
                byDevice.get(row.getString(row.fieldIndex(Columns.DEVICE)))
                        .put(row.getString(row.fieldIndex(Columns.CANONICAL_KEY)), row.getDouble(latency));
            }
        }
        byDevice.forEach((device, latency) -> {
            if (latency.isEmpty()) {
                throw ProfileLatencySettings.PRIOR_DEVICES.error(": device '" + device + "' has no latency in hardware_costs");
            }
        });
        return byDevice;
    }

    /** {@code cells} distinct canonical NB201 cells, seeded. */
    private static List<Row> sample(Nb201Space space, int cells, long seed) {
        CheckpointableRandom rng = CheckpointableRandom.seeded(seed);
        Map<String, String> byKey = new LinkedHashMap<>();
        for (int tries = 0; byKey.size() < cells && tries < 100 * cells; tries++) {
            Genome genome = space.sample(rng);
            Nb201Cell cell = space.decode(genome);
            byKey.putIfAbsent(cell.canonicalKey(), cell.format());
        }
        return byKey.values().stream().map(arch -> RowFactory.create(arch)).toList();
    }

    private static List<Row> measure(SparkSession spark, List<Row> sample, LatencyProfiler profiler, List<Integer> batches,
                                     int threads, int partitions) {
        return spark.createDataFrame(sample, CELLS).repartition(partitions).mapPartitions(
                (MapPartitionsFunction<Row, Row>) it -> {
                    NativeThreads.limit(threads);
                    Nb201Space space = new Nb201Space();
                    String executor = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
                    List<Row> out = new ArrayList<>();
                    while (it.hasNext()) {
                        Row cell = it.next();
                        Candidate candidate = Candidate.of(space, space.parse(cell.getString(cell.fieldIndex(ARCH))));
                        Map<Integer, Double> latency = profiler.profile(candidate, batches);
                        Timestamp now = new Timestamp(System.currentTimeMillis());
                        latency.forEach((batch, ms) -> out.add(RowFactory.create(candidate.canonicalKey(),
                                LatencyProfiler.device(batch), ms, MEASURED, candidate.arch(), executor, now)));
                    }
                    return out.iterator();
                }, Encoders.row(Tables.HARDWARE_COSTS.schema())).collectAsList();
    }

    /**
     * Rows of {@link Tables#HARDWARE_COSTS} for one device: fit on a seeded subset, Spearman on the rest.
     *
     * @param prior latency (ms) by canonical key of the prior devices ({@code profile-latency.prior-devices}); the
     *              device itself is left out of its own prior, and with no other device there are no prior figures
     */
    static MeasuredDeviceSummary fitAndRank(Nb201Space space, Nb201Costs costs, String device, List<Row> rows, int fitCells,
                                            long seed, double wallS, Map<String, Map<String, Double>> prior) {
        if (rows.size() <= fitCells) {
            throw new BadInputException("hardware_costs has " + rows.size() + " measured rows for " + device
                    + ", need more than profile-latency.fit-cells = " + fitCells);
        }
        List<Row> shuffled = new ArrayList<>(rows);
        shuffled.sort((a, b) -> a.<String>getAs(Columns.CANONICAL_KEY).compareTo(b.getAs(Columns.CANONICAL_KEY)));
        CheckpointableRandom rng = CheckpointableRandom.seeded(seed);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            java.util.Collections.swap(shuffled, i, rng.nextInt(i + 1));
        }
        List<Nb201Cell> cells = shuffled.stream().map(r -> space.decode(space.parse(r.<String>getAs(Columns.ARCH)))).toList();
        double[] ms = shuffled.stream().mapToDouble(r -> r.<Double>getAs(Columns.LATENCY_MS)).toArray();
        LatencyTableModel model = LatencyTableModel.fit(device, cells.subList(0, fitCells), Arrays.copyOf(ms, fitCells));
        List<Nb201Cell> test = cells.subList(fitCells, cells.size());
        double[] measured = Arrays.copyOfRange(ms, fitCells, ms.length);
        double[] predicted = test.stream().mapToDouble(model::predict).toArray();
        double[] flops = test.stream().mapToDouble(costs::flops).toArray();
        List<String> priorDevices = prior.keySet().stream().filter(d -> !d.equals(device)).toList(); // never itself
        Double priorSpearman = null;
        if (!priorDevices.isEmpty()) {
            double[][] sources = new double[shuffled.size()][priorDevices.size()];
            for (int i = 0; i < sources.length; i++) {
                String key = shuffled.get(i).getAs(Columns.CANONICAL_KEY);
                for (int j = 0; j < priorDevices.size(); j++) {
                    Double source = prior.get(priorDevices.get(j)).get(key);
                    if (source == null || !(source > 0) || source.isInfinite()) {
                        throw ProfileLatencySettings.PRIOR_DEVICES.error(": device '" + priorDevices.get(j) + "' has no "
                                + "positive latency in hardware_costs for " + shuffled.get(i).<String>getAs(Columns.ARCH)
                                + ", measured on " + device);
                    }
                    sources[i][j] = source;
                }
            }
            FewShotLatencyModel fewShot = FewShotLatencyModel.fit(device, LatencyPrior.of(priorDevices, sources),
                    Arrays.copyOf(sources, fitCells), Arrays.copyOf(ms, fitCells));
            double[] byPrior = Arrays.stream(sources, fitCells, sources.length).mapToDouble(fewShot::predict).toArray();
            priorSpearman = new SpearmansCorrelation().correlation(byPrior, measured);
        }
        return new MeasuredDeviceSummary(device, rows.size(), fitCells, test.size(),
                new SpearmansCorrelation().correlation(predicted, measured),
                new SpearmansCorrelation().correlation(flops, measured),
                new org.apache.commons.math3.stat.descriptive.rank.Median().evaluate(ms), wallS,
                priorSpearman == null ? null : priorDevices, priorSpearman);
    }

    private static void print(PrintStream out, List<MeasuredDeviceSummary> summaries) {
        out.printf("%-28s %6s %6s %6s %9s %9s %11s %9s%n", "device", "rows", "fit", "test", "model ρ", "FLOPs ρ", "median ms",
                "prior ρ");
        for (MeasuredDeviceSummary s : summaries) {
            out.printf("%-28s %6d %6d %6d %9.4f %9.4f %11.3f %9s%n", s.device(), s.measuredRows(), s.nTrain(), s.nTest(),
                    s.modelSpearman(), s.flopsSpearman(), s.medianLatencyMs(),
                    s.priorSpearman() == null ? "-" : String.format("%.4f", s.priorSpearman()));
        }
    }
}
