package io.sparknas.evaluation.supernet;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.ConfigDigest;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.Evaluator;
import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.data.ImageDataset;
import io.sparknas.evaluation.dl4j.Dl4jNatives;
import io.sparknas.population.space.Nb201Space;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code supernet} evaluator: scores NB201 cells by the weights they inherit from a trained
 * {@link Nb201Supernet}, without training. For each candidate it sets the cell's mask, recalibrates every
 * BatchNormalization's running statistics on {@code calibrationBatches} training batches (the same batches
 * for every candidate; {@link Nb201Supernet#recalibrateBatchNorm}) and measures {@code val_acc} (percent) on
 * the validation part of the split the supernet was trained on.
 *
 * <p>The weights are read from disk once per JVM (cached by path and digest); a task that finds the cached
 * network in use by a concurrent task works on a clone, so tasks never share BN statistics. The
 * {@link #configDigest()} includes the supernet's digest (which includes its weights' SHA-256), so its rows
 * never mix with {@code dl4j-train} rows or with another supernet's.
 */
public final class SupernetEvaluator implements Evaluator {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "supernet";

    private static final Map<String, ComputationGraph> LOADED = new ConcurrentHashMap<>();
    private static final Map<String, Queue<ComputationGraph>> IDLE = new ConcurrentHashMap<>();
    private static final AtomicInteger READS = new AtomicInteger();

    private final String folder;
    private final SupernetManifest manifest;
    private final DatasetSource data;
    private final int calibrationBatches;
    private final int batchSize;

    private SupernetEvaluator(String folder, SupernetManifest manifest, DatasetSource data, int calibrationBatches,
                              int batchSize) {
        this.folder = folder;
        this.manifest = manifest;
        this.data = data;
        this.calibrationBatches = calibrationBatches;
        this.batchSize = batchSize;
    }

    /**
     * Opens the supernet in {@code folder} for a search over {@code space} on {@code data} (checked where the
     * evaluator is built, on the driver). Any mismatch or damage is an {@link IllegalArgumentException} with a
     * one-line message: another space, another skeleton-independent dataset (format, subset, validation
     * fraction, split seed), a missing manifest or weights file, weights whose digest differs from the
     * manifest's, or weights DL4J cannot read.
     */
    public static SupernetEvaluator open(String folder, String space, DatasetSource data, int calibrationBatches,
                                         int batchSize) {
        Objects.requireNonNull(data, "data");
        if (calibrationBatches < 0 || batchSize <= 0) {
            throw new IllegalArgumentException("calibration batches must be >= 0 and batch size > 0, got "
                    + calibrationBatches + " and " + batchSize);
        }
        Path dir = Path.of(folder);
        SupernetManifest manifest = SupernetManifest.read(dir);
        if (!manifest.space().equals(space)) {
            throw new IllegalArgumentException("supernet " + manifest.supernetId() + " is of space '" + manifest.space()
                    + "', the search is over '" + space + "'");
        }
        String wanted = SupernetManifest.describeData(data.format(), data.subsetSize(), data.validationFraction(),
                data.splitSeed());
        if (!wanted.equals(manifest.datasetDescription())) {
            throw new IllegalArgumentException("supernet " + manifest.supernetId() + " was trained on " + manifest.datasetDescription()
                    + ", the evaluator's data is " + wanted);
        }
        Path weights = dir.resolve(SupernetManifest.WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            throw new IllegalArgumentException("supernet weights " + weights + " are missing");
        }
        try {
            String sha = SupernetManifest.sha256(weights);
            if (!sha.equals(manifest.weightsSha256())) {
                throw new IllegalArgumentException("supernet weights " + weights + " are corrupt: SHA-256 " + sha.substring(0, 12)
                        + "… differs from the manifest's " + manifest.weightsSha256().substring(0, 12) + "…");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read supernet weights " + weights + ": " + e.getMessage(), e);
        }
        SupernetEvaluator evaluator = new SupernetEvaluator(dir.toAbsolutePath().toString(), manifest, data,
                calibrationBatches, batchSize);
        evaluator.release(evaluator.borrow()); // reads the weights once here: damage shows on the driver
        return evaluator;
    }

    public SupernetManifest manifest() {
        return manifest;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String fidelity() {
        return "ws-" + manifest.recipe().epochs() + "ep";
    }

    @Override
    public String configDigest() {
        return ConfigDigest.of(NAME, manifest.configDigest(), data.format(), data.subsetSize(), data.validationFraction(),
                data.splitSeed(), calibrationBatches, batchSize);
    }

    @Override
    public void useThreads(int threads) {
        Dl4jNatives.useThreads(threads);
    }

    /** How many times this JVM read a supernet's weights from disk (tests: once per path). */
    public static int weightReads() {
        return READS.get();
    }

    @Override
    public List<EvaluationResult> evaluate(List<Candidate> batch) {
        ImageDataset.Split split = data.load();
        List<INDArray> calibration = calibrationFeatures(split.train());
        ComputationGraph network = borrow();
        try {
            List<EvaluationResult> results = new ArrayList<>(batch.size());
            for (Candidate candidate : batch) {
                results.add(evaluateOne(network, candidate, calibration, split.validation()));
            }
            return results;
        } finally {
            release(network);
        }
    }

    private EvaluationResult evaluateOne(ComputationGraph network, Candidate candidate, List<INDArray> calibration,
                                         ImageDataset validation) {
        long start = System.nanoTime();
        long seed = manifest.recipe().seed();
        try {
            new Nb201Space().decode(candidate.genome()); // refuses a genome of another shape
            INDArray maskRow = org.nd4j.linalg.factory.Nd4j.create(Nb201Supernet.maskRow(candidate.genome()),
                    new long[] {1, Nb201Supernet.MASK_WIDTH}, 'c');
            if (!calibration.isEmpty()) {
                Nb201Supernet.recalibrateBatchNorm(network, calibration, maskRow);
            }
            int correct = correct(network, validation, maskRow, batchSize);
            return EvaluationResult.ok(candidate, Map.of("val_acc", 100.0 * correct / validation.size(),
                    "val_correct", (double) correct), seed, (System.nanoTime() - start) / 1e9);
        } catch (RuntimeException e) {
            return EvaluationResult.failed(candidate, e.getClass().getSimpleName() + ": " + e.getMessage(), seed,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /** The first {@code calibrationBatches} batches of the training part in a fixed (seed 0) order. */
    private List<INDArray> calibrationFeatures(ImageDataset train) {
        int[] order = ImageDataset.permutation(train.size(), 0);
        List<INDArray> batches = new ArrayList<>();
        for (int b = 0; b < calibrationBatches && b * batchSize < train.size(); b++) {
            int from = b * batchSize;
            batches.add(train.batch(order, from, Math.min(train.size(), from + batchSize), DataType.FLOAT).getFeatures());
        }
        return batches;
    }

    /** Images of {@code data} the sub-network {@code maskRow} selects classifies correctly (inference mode). */
    public static int correct(ComputationGraph network, ImageDataset data, INDArray maskRow, int batchSize) {
        int[] order = ImageDataset.permutation(data.size(), 0);
        int correct = 0;
        for (int from = 0; from < data.size(); from += batchSize) {
            int to = Math.min(data.size(), from + batchSize);
            DataSet batch = data.batch(order, from, to, DataType.FLOAT);
            INDArray mask = maskRow.reshape(1, Nb201Supernet.MASK_WIDTH).repeat(0, to - from);
            INDArray predicted = network.outputSingle(false, batch.getFeatures(), mask).argMax(1);
            INDArray actual = batch.getLabels().argMax(1);
            for (int i = 0; i < to - from; i++) {
                if (predicted.getInt(i) == actual.getInt(i)) {
                    correct++;
                }
            }
        }
        return correct;
    }

    private String cacheKey() {
        return folder + "#" + manifest.weightsSha256();
    }

    /** The cached network if idle, else a clone of it (weights read from disk only the first time). */
    private ComputationGraph borrow() {
        String key = cacheKey();
        ComputationGraph idle = IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).poll();
        if (idle != null) {
            return idle;
        }
        ComputationGraph original = LOADED.computeIfAbsent(key, k -> read(Path.of(folder).resolve(SupernetManifest.WEIGHTS)));
        // cloned as built: with the oneDNN helpers (a clone made outside fell back to im2col convolutions, ~10x slower)
        return Dl4jNatives.withHelpers(() -> {
            synchronized (original) {
                return original.clone();
            }
        });
    }

    private void release(ComputationGraph network) {
        IDLE.computeIfAbsent(cacheKey(), k -> new ConcurrentLinkedQueue<>()).add(network);
    }

    private static ComputationGraph read(Path weights) {
        READS.incrementAndGet();
        try {
            return Dl4jNatives.withHelpers(() -> {
                try {
                    return ModelSerializer.restoreComputationGraph(weights.toFile(), false);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("supernet weights " + weights + " are corrupt: DL4J cannot read them ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }
}
