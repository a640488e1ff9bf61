package io.sparknas.evaluation.latency;

import io.sparknas.evaluation.Candidate;
import io.sparknas.evaluation.dl4j.BuildOptions;
import io.sparknas.evaluation.dl4j.InputShape;
import io.sparknas.evaluation.dl4j.NetworkFactory;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Inference latency of built DL4J networks on the hardware this JVM runs on (an executor's own
 * CPU): for each batch size, {@code warmup} untimed forward passes (JIT, workspace and cache
 * warm-up), then the median of {@code repeats} timed ones, in milliseconds. The median, not the
 * mean, because a shared machine's interference shows up as a long tail of slow runs.
 *
 * <p>The network is built once per candidate (float, BN in inference mode) and fed seeded uniform
 * inputs; the values of the inputs do not change the work a CPU does.
 */
public final class LatencyProfiler implements Serializable {
    private static final long serialVersionUID = 1L;

    private final NetworkFactory networks;
    private final InputShape shape;
    private final int warmup;
    private final int repeats;
    private final long seed;

    public LatencyProfiler(NetworkFactory networks, InputShape shape, int warmup, int repeats, long seed) {
        this.networks = Objects.requireNonNull(networks, "networks");
        this.shape = Objects.requireNonNull(shape, "shape");
        if (warmup < 0 || repeats < 1) {
            throw new IllegalArgumentException("latency profiling needs warmup >= 0 and repeats >= 1, got " + warmup
                    + " and " + repeats);
        }
        this.warmup = warmup;
        this.repeats = repeats;
        this.seed = seed;
    }

    /** Median latency in ms for each batch size, in the order given. */
    public Map<Integer, Double> profile(Candidate candidate, List<Integer> batchSizes) {
        ComputationGraph network = networks.build(candidate.genome(), shape, BuildOptions.defaults(seed));
        try {
            Map<Integer, Double> latency = new LinkedHashMap<>();
            for (int batch : batchSizes) {
                latency.put(batch, medianMs(network, batch));
            }
            return latency;
        } finally {
            network.close(); // releases the native parameter and workspace memory now, not at some later GC
        }
    }

    /** Median wall time of {@code network.output} on one batch, after the warm-up runs. */
    public double medianMs(ComputationGraph network, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batch);
        }
        Nd4j.getRandom().setSeed(seed);
        INDArray input = Nd4j.rand(DataType.FLOAT, batch, shape.channels(), shape.height(), shape.width());
        for (int i = 0; i < warmup; i++) {
            network.output(false, input);
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            network.output(false, input);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        return new Median().evaluate(ms);
    }

    /** {@code cpu-<model>-b<batch>}: the device key of a measurement on this machine's CPU. */
    public static String device(int batch) {
        return "cpu-" + cpuModel() + "-b" + batch;
    }

    /** This machine's CPU model as a lower-case slug (from /proc/cpuinfo; the JVM's arch where that is missing). */
    static String cpuModel() {
        String model = System.getProperty("os.arch", "unknown");
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1);
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture is the best name there is
        }
        return slug(model);
    }

    static String slug(String text) {
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("\\(r\\)|\\(tm\\)", "").replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "unknown" : slug;
    }
}
