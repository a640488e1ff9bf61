package io.sparknas.predictor.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sparknas.population.Architecture;
import io.sparknas.population.CheckpointableRandom;
import io.sparknas.predictor.Predictor;
import io.sparknas.predictor.PredictorTrainer;
import io.sparknas.predictor.RankMetrics;
import io.sparknas.predictor.TrainingSet;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How well each predictor kind ranks unseen architectures as a function of its training-set size:
 * for every (size, seed) it samples {@code size} training rows from a fully labelled pool, fits
 * every kind on that same sample (paired comparison), and scores the ranking of all other rows.
 */
public final class PredictorBench {
    private final Map<String, PredictorTrainer> kinds;
    private final List<Integer> trainSizes;
    private final int seeds;

    /** One line of the result: a kind at a training-set size, over all seeds. */
    public record Result(
            @JsonProperty("kind") String kind,
            @JsonProperty("train_size") int trainSize,
            @JsonProperty("kendall_tau_mean") double kendallTauMean,
            @JsonProperty("kendall_tau_std") double kendallTauStd,
            @JsonProperty("spearman_mean") double spearmanMean) {
    }

    /**
     * @param kinds      trainers by the kind name reported, in report order
     * @param trainSizes training-set sizes, each smaller than the pool
     * @param seeds      repetitions per (kind, size); seeds 0..seeds-1
     */
    public PredictorBench(Map<String, ? extends PredictorTrainer> kinds, List<Integer> trainSizes, int seeds) {
        if (kinds == null || kinds.isEmpty()) {
            throw new IllegalArgumentException("predictor bench needs at least one predictor kind");
        }
        if (trainSizes == null || trainSizes.isEmpty() || trainSizes.stream().anyMatch(s -> s == null || s < 2)) {
            throw new IllegalArgumentException("train sizes must be a non-empty list of sizes >= 2, got " + trainSizes);
        }
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
        }
        this.kinds = new LinkedHashMap<>(kinds);
        this.trainSizes = List.copyOf(trainSizes);
        this.seeds = seeds;
    }

    public List<Result> run(TrainingSet pool) {
        int largest = trainSizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        if (largest > pool.size() - 2) {
            throw new IllegalArgumentException("train size " + largest + " leaves fewer than 2 of the pool's "
                    + pool.size() + " rows to evaluate on");
        }
        List<Result> results = new ArrayList<>();
        for (Map.Entry<String, PredictorTrainer> kind : kinds.entrySet()) {
            for (int size : trainSizes) {
                SummaryStatistics tau = new SummaryStatistics();
                SummaryStatistics rho = new SummaryStatistics();
                for (int seed = 0; seed < seeds; seed++) {
                    Split split = Split.sample(pool, size, sampleSeed(size, seed));
                    Predictor predictor = kind.getValue().fit(split.train(), seed);
                    double[] predicted = predictor.predictAll(split.testArchitectures());
                    tau.addValue(RankMetrics.kendallTau(predicted, split.testValues()));
                    rho.addValue(RankMetrics.spearman(predicted, split.testValues()));
                }
                results.add(new Result(kind.getKey(), size, tau.getMean(),
                        seeds > 1 ? tau.getStandardDeviation() : 0.0, rho.getMean()));
            }
        }
        return results;
    }

    /** The same (size, seed) gives the same sample for every kind. */
    static long sampleSeed(int size, int seed) {
        return CheckpointableRandom.mix(size * 1_000_003L + seed);
    }

    /** A sampled training set and everything else in the pool (the backends' tests sample theirs with it too). */
    public record Split(TrainingSet train, List<Architecture> testArchitectures, double[] testValues) {

        public static Split sample(TrainingSet pool, int size, long seed) {
            int[] order = partialShuffle(pool.size(), size, CheckpointableRandom.seeded(seed));
            int[] trainIndices = java.util.Arrays.copyOf(order, size);
            TrainingSet train = pool.select(trainIndices, "(sample of " + size + ", seed " + seed + ")");
            List<Architecture> testArchitectures = new ArrayList<>(pool.size() - size);
            double[] testValues = new double[pool.size() - size];
            for (int i = size; i < order.length; i++) {
                TrainingSet.Row row = pool.rows().get(order[i]);
                testArchitectures.add(row.architecture());
                testValues[i - size] = row.value();
            }
            return new Split(train, testArchitectures, testValues);
        }

        /** 0..n-1 with a uniform random {@code k}-subset (in random order) in front. */
        private static int[] partialShuffle(int n, int k, Random random) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = 0; i < k; i++) {
                int j = i + random.nextInt(n - i);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            return order;
        }
    }
}
