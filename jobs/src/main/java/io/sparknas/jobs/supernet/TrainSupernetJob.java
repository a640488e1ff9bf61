package io.sparknas.jobs.supernet;

import io.sparknas.evaluation.ConfigDigest;
import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.data.ImageDataset;
import io.sparknas.evaluation.dl4j.Nb201Macro;
import io.sparknas.evaluation.dl4j.TrainingRecipe;
import io.sparknas.evaluation.supernet.SupernetFiles;
import io.sparknas.evaluation.supernet.SupernetManifest;
import io.sparknas.evaluation.supernet.SupernetTraining;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.search.Records;
import io.sparknas.jobs.search.Registry;
import io.sparknas.jobs.search.SearchJob;
import io.sparknas.jobs.search.SearchJobSettings;
import io.sparknas.jobs.search.TrainingEvaluators;
import io.sparknas.jobs.store.Columns;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.PlatformCatalog;
import io.sparknas.jobs.store.StoreSettings;
import io.sparknas.jobs.store.Tables;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.space.Nb201Space;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.bytedeco.javacpp.Pointer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.apache.spark.sql.functions.col;

/**
 * {@code bin/nas train-supernet}: trains the NB201 weight-sharing supernet ({@link SupernetTraining}) on the training
 * part of {@code evaluator.dl4j-train}'s data, with its recipe and skeleton ({@code supernet.epochs} epochs,
 * {@code supernet.sampling}), in this (driver) JVM, saving a checkpoint per epoch under
 * {@code <store>/supernet-weights/<supernet_id>/} (a local or shared filesystem path), and records it in the
 * {@code supernets} table. The id is a digest of everything that decides the weights: the same settings again
 * find the recorded supernet and train nothing.
 */
public final class TrainSupernetJob {
    /** Not "supernets": that is the Delta table's folder, which must not exist before the table does. */
    static final String FOLDER = "supernet-weights";

    private TrainSupernetJob() {
    }

    public static Map<String, Object> run(SparkSession spark, NasConfig config, PrintStream out) {
        SearchSpace space = Registry.space(config, SearchJobSettings.SPACE);
        if (!space.name().equals(Nb201Space.NAME)) {
            throw SearchJobSettings.SPACE.error(": train-supernet has a supernet for the nb201 space only, not '"
                    + space.name() + "'");
        }
        DatasetSource data = TrainingEvaluators.dataset(spark, config);
        TrainingRecipe recipe = TrainingEvaluators.recipe(config).withEpochs(SupernetSettings.EPOCHS.get(config));
        SupernetTraining.Sampling sampling = SupernetSettings.sampling(config);
        ResultStore store = new ResultStore(spark, StoreSettings.path(config)).checkExisting();
        PlatformCatalog catalog = PlatformCatalog.of(spark, config, store).check(); // store.register: before anything is written

        ImageDataset.Split split = data.load();
        ImageDataset train = split.train();
        Nb201Macro macro;
        try {
            macro = new Nb201Macro(train.channels(), train.height(), train.width(), train.classes(),
                    TrainingEvaluators.STEM_CHANNELS.get(config), TrainingEvaluators.CELLS_PER_STAGE.get(config));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("evaluator.dl4j-train: " + e.getMessage(), e);
        }
        String dataset = SupernetManifest.describeData(data.format(), data.subsetSize(), data.validationFraction(),
                data.splitSeed());
        String supernetId = "sn-" + ConfigDigest.of(space.name(), macro, dataset, recipe, sampling);
        Path folder = localRoot(store.root()).resolve(FOLDER).resolve(supernetId);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("supernet_id", supernetId);
        summary.put("path", folder.toString());
        if (store.exists(Tables.SUPERNETS)
                && !store.read(Tables.SUPERNETS).filter(col(Columns.SUPERNET_ID).equalTo(supernetId)).isEmpty()) {
            out.println("supernet " + supernetId + " is already trained: " + folder);
            out.println("  evaluate with it: --set search.evaluator=supernet --set evaluator.supernet.path=\"" + folder + "\"");
            summary.put("status", "already trained");
            return summary;
        }

        out.printf("training supernet %s: %s, C=%d N=%d, %d images (%s), %d epochs, %s sampling%n", supernetId,
                space.name(), macro.stemChannels(), macro.cellsPerStage(), train.size(), dataset, recipe.epochs(),
                sampling.configName());
        PeakMemory peak = PeakMemory.start();
        SupernetTraining.Outcome outcome;
        SupernetManifest manifest;
        try {
            outcome = SupernetTraining.train(macro, train, recipe, sampling, (epoch, network, loss) -> {
                SupernetFiles.saveCheckpoint(folder, epoch, network);
                out.printf("  epoch %d: mean loss %.4f (checkpoint saved)%n", epoch, loss);
                out.flush();
            });
            manifest = SupernetFiles.saveFinal(folder, outcome.supernet(), new SupernetManifest(supernetId, space.name(),
                    macro, data.format(), data.subsetSize(), data.validationFraction(), data.splitSeed(), recipe, sampling, ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write supernet files under " + folder + ": " + e.getMessage(), e);
        } finally {
            peak.stop();
        }

        Map<String, Double> metrics = new LinkedHashMap<>();
        for (int e = 1; e <= outcome.epochLosses().size(); e++) {
            metrics.put("loss_epoch_" + e, outcome.epochLosses().get(e - 1));
        }
        metrics.put("train_seconds", outcome.seconds());
        metrics.put("steps", (double) outcome.steps());
        metrics.put("train_images", (double) train.size());
        metrics.put("peak_rss_mb", peak.peakRssBytes() / 1e6);
        metrics.put("peak_heap_mb", peak.peakHeapBytes() / 1e6);
        store.ensureTable(Tables.SUPERNETS).upsert(Tables.SUPERNETS, List.of(row(manifest, dataset, folder, metrics)));
        catalog.register();

        out.printf("supernet %s: %.1f s, peak RSS %.0f MB; weights %s%n", supernetId, outcome.seconds(),
                peak.peakRssBytes() / 1e6, folder.resolve(SupernetManifest.WEIGHTS));
        out.println("  evaluate with it: --set search.evaluator=supernet --set evaluator.supernet.path=\"" + folder + "\"");
        out.flush();
        summary.put("status", "trained");
        summary.put("config_digest", manifest.configDigest());
        summary.put("metrics", metrics);
        return summary;
    }

    /** The store's folder on this machine: DL4J writes and reads the weights with java.io, so a file: store only. */
    static Path localRoot(String root) {
        java.net.URI uri = new org.apache.hadoop.fs.Path(root).toUri();
        if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
            throw new BadInputException("store.path " + root + ": train-supernet writes the supernet's weights to a local "
                    + "or shared filesystem (file:), not " + uri.getScheme() + ":");
        }
        return Path.of(uri.getPath());
    }

    private static Row row(SupernetManifest manifest, String dataset, Path folder, Map<String, Double> metrics) {
        Map<String, Object> byName = new LinkedHashMap<>();
        byName.put(Columns.SUPERNET_ID, manifest.supernetId());
        byName.put(Columns.SPACE, manifest.space());
        byName.put(Columns.DATASET, dataset);
        byName.put(Columns.DATA_DIGEST, ConfigDigest.of(dataset));
        byName.put(Columns.RECIPE, manifest.recipe().toString());
        byName.put(Columns.EPOCHS, manifest.recipe().epochs());
        byName.put(Columns.SAMPLING, manifest.sampling().configName());
        byName.put(Columns.PATH, folder.toString());
        byName.put(Columns.METRICS, Records.scalaMap(metrics));
        byName.put(Columns.CONFIG_DIGEST, manifest.configDigest());
        byName.put(Columns.CODE_VERSION, SearchJob.codeVersion());
        byName.put(Columns.CREATED_AT, new Timestamp(System.currentTimeMillis()));
        Object[] values = new Object[Tables.SUPERNETS.schema().size()];
        byName.forEach((column, value) -> values[Tables.SUPERNETS.schema().fieldIndex(column)] = value);
        return new GenericRowWithSchema(values, Tables.SUPERNETS.schema());
    }

    /** The process's peak resident memory (JavaCPP's physicalBytes, sampled every 100 ms) and peak JVM heap use. */
    static final class PeakMemory {
        private final AtomicLong rss = new AtomicLong();
        private final AtomicLong heap = new AtomicLong();
        private final Thread sampler;
        private volatile boolean running = true;

        private PeakMemory() {
            sampler = new Thread(() -> {
                while (running) {
                    sample();
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "supernet-peak-memory");
            sampler.setDaemon(true);
        }

        static PeakMemory start() {
            PeakMemory peak = new PeakMemory();
            peak.sample();
            peak.sampler.start();
            return peak;
        }

        private void sample() {
            rss.accumulateAndGet(Pointer.physicalBytes(), Math::max);
            Runtime runtime = Runtime.getRuntime();
            heap.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
        }

        void stop() {
            running = false;
            sampler.interrupt();
            sample();
        }

        long peakRssBytes() {
            return rss.get();
        }

        long peakHeapBytes() {
            return heap.get();
        }
    }
}
