package io.sparknas.evaluation.dl4j;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.EvaluationResult;
import io.sparknas.evaluation.Evaluator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Zero-cost proxies of each candidate at initialisation (fixed seed): {@code synflow},
 * {@code naswot}, {@code grad_norm}, {@code snip} (see {@link ZeroCostProxies}), {@code params}, and
 * {@code zc_rank_sum}: the sum over the four proxies of the candidate's rank within the batch
 * (1 = lowest score; higher is better). The rank sum is scale-free, so no proxy dominates by its
 * magnitude, but it is relative to the batch: compare it only among candidates scored together.
 *
 * <p>Networks are initialised like the PyTorch networks the published scores were computed on
 * (Abdelfattah et al. 2021, NASLib): every weight U(±1/√fan-in) ({@link WeightInit#UNIFORM}), BN
 * scale 1 and shift 0. Synflow runs on its own copy in DOUBLE with BN removed; the three
 * data-dependent proxies share one float network with BN in training mode (softmax cross-entropy head).
 *
 * <p>Inputs are random-normal images (seeded; N(0, 1) per pixel, the first two moments of
 * per-channel-normalised CIFAR images), with uniformly random labels for the loss-based proxies —
 * data-free, so the evaluator needs no dataset on the executors.
 */
public final class ZeroCostEvaluator implements Evaluator {
    private static final long serialVersionUID = 1L;
    static final List<String> PROXIES = List.of("synflow", "naswot", "grad_norm", "snip");
    /** The proxies that need inputs (and come from one shared forward/backward pass). */
    static final List<String> DATA_PROXIES = List.of("naswot", "grad_norm", "snip");

    private final NetworkFactory networks;
    private final InputShape shape;
    private final int batchSize;
    private final long seed;

    public ZeroCostEvaluator(NetworkFactory networks, InputShape shape, int batchSize, long seed) {
        this.networks = Objects.requireNonNull(networks, "networks");
        this.shape = Objects.requireNonNull(shape, "shape");
        if (batchSize < 2) {
            throw new IllegalArgumentException("zero-cost batch size must be at least 2 (NASWOT compares inputs), got " + batchSize);
        }
        this.batchSize = batchSize;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "zero-cost";
    }

    @Override
    public String fidelity() {
        return "init";
    }

    @Override
    public String configDigest() {
        return io.sparknas.evaluation.ConfigDigest.of(networks.describe(), shape, batchSize, seed);
    }

    @Override
    public List<EvaluationResult> evaluate(List<Candidate> batch) {
        List<Map<String, Double>> metrics = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        for (Candidate candidate : batch) {
            long start = System.nanoTime();
            try {
                metrics.add(score(candidate));
                failures.add(null);
            } catch (RuntimeException | OutOfMemoryError e) {
                metrics.add(null);
                failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            seconds.add((System.nanoTime() - start) / 1e9);
        }
        addRankSums(metrics);
        List<EvaluationResult> results = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            results.add(failures.get(i) == null
                    ? EvaluationResult.ok(batch.get(i), metrics.get(i), seed, seconds.get(i))
                    : EvaluationResult.failed(batch.get(i), failures.get(i), seed, seconds.get(i)));
        }
        return results;
    }

    /** The four proxies of one candidate, and its trainable parameter count. */
    public Map<String, Double> score(Candidate candidate) {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("synflow", synflow(candidate));
        ComputationGraph network = dataNetwork(candidate);
        try {
            INDArray[] data = labelledInputs();
            scores.putAll(ZeroCostProxies.dataProxies(network, data[0], data[1]));
            scores.put("params", (double) ParamCounts.trainable(network));
            return scores;
        } finally {
            network.close();
        }
    }

    public double synflow(Candidate candidate) {
        BuildOptions options = BuildOptions.defaults(seed).withWeightInit(WeightInit.UNIFORM)
                .withDataType(DataType.DOUBLE).withBatchNorm(false).withLogitsHead(true);
        ComputationGraph network = networks.build(candidate.genome(), shape, options);
        try {
            return ZeroCostProxies.synflow(network, shape);
        } finally {
            network.close(); // native memory: an executor scoring 1,000 cells was OOM-killed at 9 GB RSS without it
        }
    }

    /** {@code naswot}, {@code grad_norm} and {@code snip} of one candidate (one forward/backward pass). */
    public Map<String, Double> dataProxies(Candidate candidate) {
        INDArray[] data = labelledInputs();
        ComputationGraph network = dataNetwork(candidate);
        try {
            return ZeroCostProxies.dataProxies(network, data[0], data[1]);
        } finally {
            network.close();
        }
    }

    public double naswot(Candidate candidate) {
        ComputationGraph network = dataNetwork(candidate);
        try {
            return ZeroCostProxies.naswot(network, labelledInputs()[0]);
        } finally {
            network.close();
        }
    }

    private ComputationGraph dataNetwork(Candidate candidate) {
        return networks.build(candidate.genome(), shape,
                BuildOptions.defaults(seed).withWeightInit(WeightInit.UNIFORM));
    }

    /** What the data-dependent proxies are fed, for reports. */
    public String inputsDescription() {
        return batchSize + " random-normal N(0,1) images " + shape + " (seed " + seed + "), uniformly random labels";
    }

    /** The same seeded random-normal images and random labels for every candidate. */
    private INDArray[] labelledInputs() {
        Random rng = new Random(seed);
        float[] pixels = new float[batchSize * shape.channels() * shape.height() * shape.width()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) rng.nextGaussian();
        }
        float[] oneHot = new float[batchSize * shape.classes()];
        for (int i = 0; i < batchSize; i++) {
            oneHot[i * shape.classes() + rng.nextInt(shape.classes())] = 1f;
        }
        return new INDArray[] {
                Nd4j.create(pixels, new long[] {batchSize, shape.channels(), shape.height(), shape.width()}, 'c'),
                Nd4j.create(oneHot, new long[] {batchSize, shape.classes()}, 'c')};
    }

    /** Adds {@code zc_rank_sum} to every successful row; ties share their average rank. */
    static void addRankSums(List<Map<String, Double>> rows) {
        List<Integer> ok = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i) != null) {
                ok.add(i);
            }
        }
        double[] sums = new double[ok.size()];
        for (String proxy : PROXIES) {
            double[] values = ok.stream().mapToDouble(i -> rows.get(i).get(proxy)).toArray();
            double[] ranks = averageRanks(values);
            for (int k = 0; k < sums.length; k++) {
                sums[k] += ranks[k];
            }
        }
        for (int k = 0; k < ok.size(); k++) {
            rows.get(ok.get(k)).put("zc_rank_sum", sums[k]);
        }
    }

    /** 1-based ranks, ascending; NaN ranks lowest. */
    static double[] averageRanks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(orderable(values[a]), orderable(values[b])));
        double[] ranks = new double[values.length];
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end + 1 < order.length && Double.compare(orderable(values[order[end + 1]]), orderable(values[order[start]])) == 0) {
                end++;
            }
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = (start + end) / 2.0 + 1;
            }
            start = end + 1;
        }
        return ranks;
    }

    private static double orderable(double value) {
        return Double.isNaN(value) ? Double.NEGATIVE_INFINITY : value;
    }
}
