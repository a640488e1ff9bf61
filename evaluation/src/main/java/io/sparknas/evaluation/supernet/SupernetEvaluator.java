package io.sparknas.evaluation.supernet;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.ConfigDigest;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.Evaluator;
import io.sparknas.evaluation.data.DatasetSource;
import io.sparknas.evaluation.data.ImageDataset;
import io.sparknas.evaluation.dl4j.BuildOptions;
import io.sparknas.evaluation.dl4j.Dl4jNatives;
import io.sparknas.evaluation.dl4j.Dl4jTrainingEvaluator;
import io.sparknas.evaluation.dl4j.Nb201Macro;
import io.sparknas.evaluation.dl4j.Nb201NetworkBuilder;
import io.sparknas.population.Genome;
import io.sparknas.population.space.Nb201Cell;
import io.sparknas.population.space.Nb201Space;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code supernet} evaluator: scores NB201 cells by the weights they inherit from a trained
 * {@link Nb201Supernet}, without training. For each candidate it builds the cell's stand-alone network
 * ({@link Nb201NetworkBuilder}, the supernet's macro), copies the supernet's weights of that path into it
 * ({@link Nb201Supernet#copyInto}), recalibrates every BatchNormalization's running statistics on
 * {@code calibrationBatches} training batches (the same batches for every candidate;
 * {@link Nb201Supernet#recalibrateBatchNorm}) and measures {@code val_acc} (percent) on the validation part of the
 * split the supernet was trained on.
 *
 * <p>The sub-network computes only its own path's ops. It mirrors the masked supernet, which computes all
 * four ops of every edge and multiplies three away ({@link #maskedCorrect}, the reference; {@code SupernetTest}
 * checks that both give the same accuracy).
 *
 * <p>The weights come from a {@link SupernetWeights} (the jobs broadcast them) and are deserialised once per JVM
 * (cached by their SHA-256); tasks only read them, so concurrent tasks share one copy. The
 * {@link #configDigest()} includes the supernet's digest (which includes its weights' SHA-256), so its rows
 * never mix with {@code dl4j-train} rows or with another supernet's.
 */
public final class SupernetEvaluator implements Evaluator {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "supernet";

    private static final Nb201Space SPACE = new Nb201Space();
    private static final int CANDIDATES_PER_TASK = 1000;
    private static final Map<String, ComputationGraph> LOADED = new ConcurrentHashMap<>();
    private static final AtomicInteger READS = new AtomicInteger();

    private final SupernetWeights weights;
    private final SupernetManifest manifest;
    private final DatasetSource data;
    private final int calibrationBatches;
    private final int batchSize;
    /** The calibration batches, built once per evaluator object: a task calls evaluate once per candidate. */
    private transient volatile List<INDArray> calibration;

    private SupernetEvaluator(SupernetWeights weights, SupernetManifest manifest, DatasetSource data, int calibrationBatches,
                              int batchSize) {
        this.weights = weights;
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
        SupernetEvaluator evaluator = new SupernetEvaluator(SupernetWeights.file(weights, manifest.weightsSha256()),
                manifest, data, calibrationBatches, batchSize);
        evaluator.supernet(); // reads the weights once here: damage shows on the driver
        return evaluator;
    }

    /**
     * This evaluator with its weights from {@code supply} (e.g. a broadcast of the same file), which must carry
     * the manifest's SHA-256.
     */
    public SupernetEvaluator withWeights(SupernetWeights supply) {
        if (!supply.sha256().equals(manifest.weightsSha256())) {
            throw new IllegalArgumentException("supernet weights " + supply.sha256() + " are not supernet "
                    + manifest.supernetId() + "'s (" + manifest.weightsSha256() + ")");
        }
        return new SupernetEvaluator(supply, manifest, data, calibrationBatches, batchSize);
    }

    /** Where the weights come from. */
    public SupernetWeights weights() {
        return weights;
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

    /** A forward pass per candidate, even in cost: up to a thousand candidates share one Spark task. */
    @Override
    public int candidatesPerTask() {
        return CANDIDATES_PER_TASK;
    }

    @Override
    public void useThreads(int threads) {
        Dl4jNatives.useThreads(threads);
    }

    /** How many times this JVM deserialised a supernet's weights (tests: once per supernet). */
    public static int weightReads() {
        return READS.get();
    }

    @Override
    public List<EvaluationResult> evaluate(List<Candidate> batch) {
        ImageDataset.Split split = data.load();
        List<INDArray> calibration = this.calibration;
        if (calibration == null) {
            calibration = calibrationFeatures(split.train(), calibrationBatches, batchSize);
            this.calibration = calibration; // read only by every later call: a racing second build is the same
        }
        ComputationGraph supernet = supernet();
        List<EvaluationResult> results = new ArrayList<>(batch.size());
        for (Candidate candidate : batch) {
            results.add(evaluateOne(supernet, candidate, calibration, split.validation()));
        }
        return results;
    }

    private EvaluationResult evaluateOne(ComputationGraph supernet, Candidate candidate, List<INDArray> calibration,
                                         ImageDataset validation) {
        long start = System.nanoTime();
        long seed = manifest.recipe().seed();
        try {
            ComputationGraph path = subNetwork(supernet, manifest.macro(), candidate.genome(), seed);
            int correct;
            try {
                if (!calibration.isEmpty()) {
                    Nb201Supernet.recalibrateBatchNorm(path, calibration);
                }
                correct = Dl4jTrainingEvaluator.correct(path, validation, batchSize);
            } finally {
                path.close(); // its native memory now, not when the GC gets to it: thousands of candidates per task
            }
            return EvaluationResult.ok(candidate, Map.of("val_acc", 100.0 * correct / validation.size(),
                    "val_correct", (double) correct), seed, (System.nanoTime() - start) / 1e9);
        } catch (RuntimeException e) {
            return EvaluationResult.failed(candidate, e.getClass().getSimpleName() + ": " + e.getMessage(), seed,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * The sub-network {@code genome} selects, as a stand-alone network of its own (only its path's ops) holding
     * the supernet's weights and BN statistics of that path. {@code supernet} is only read.
     */
    public static ComputationGraph subNetwork(ComputationGraph supernet, Nb201Macro macro, Genome genome, long seed) {
        Nb201Cell cell = SPACE.decode(genome); // refuses a genome of another shape
        ComputationGraph path = Dl4jNatives.withHelpers(() -> new Nb201NetworkBuilder(macro).build(cell, BuildOptions.defaults(seed)));
        Nb201Supernet.copyInto(supernet, genome, path);
        return path;
    }

    /** The first {@code calibrationBatches} batches of the training part in a fixed (seed 0) order. */
    public static List<INDArray> calibrationFeatures(ImageDataset train, int calibrationBatches, int batchSize) {
        int[] order = ImageDataset.permutation(train.size(), 0);
        List<INDArray> batches = new ArrayList<>();
        for (int b = 0; b < calibrationBatches && b * batchSize < train.size(); b++) {
            int from = b * batchSize;
            batches.add(train.batch(order, from, Math.min(train.size(), from + batchSize), DataType.FLOAT).getFeatures());
        }
        return batches;
    }

    /**
     * The reference the evaluator mirrors: images of {@code data} the masked supernet classifies correctly with
     * the sub-network {@code maskRow} selects (inference mode; every op of every edge computed, all but the
     * selected multiplied by 0). Recalibrate the supernet's BN for {@code maskRow} first, as the evaluator does
     * for its sub-network.
     */
    public static int maskedCorrect(ComputationGraph network, ImageDataset data, INDArray maskRow, int batchSize) {
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

    /** The supernet, deserialised once per JVM from {@link #weights}. */
    private ComputationGraph supernet() {
        return LOADED.computeIfAbsent(weights.sha256(), k -> read(weights));
    }

    private static ComputationGraph read(SupernetWeights weights) {
        READS.incrementAndGet();
        try {
            byte[] bytes = weights.bytes();
            return Dl4jNatives.withHelpers(() -> {
                try {
                    return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), false);
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
