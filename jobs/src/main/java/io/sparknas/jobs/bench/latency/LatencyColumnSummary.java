package io.sparknas.jobs.bench.latency;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

import java.util.Arrays;

/** One device column's figures in the {@code --summary-json} of {@code latency-bench}: means over seeds. */
public record LatencyColumnSummary(
        @JsonProperty("column") String column,
        @JsonProperty("samples") int samples,
        @JsonProperty("seeds") int seeds,
        @JsonProperty("n_test") int nTest,
        @JsonProperty("model_spearman") double modelSpearman,
        @JsonProperty("model_spearman_std") double modelSpearmanStd,
        @JsonProperty("model_kendall") double modelKendall,
        @JsonProperty("flops_spearman") double flopsSpearman,
        @JsonProperty("flops_kendall") double flopsKendall) {

    /** @param scores per seed: model ρ, model τ, FLOPs ρ, FLOPs τ */
    static LatencyColumnSummary of(String column, int samples, int seeds, int nTest, double[][] scores) {
        double[] modelSpearman = Arrays.stream(scores).mapToDouble(s -> s[0]).toArray();
        return new LatencyColumnSummary(column, samples, seeds, nTest, mean(scores, 0),
                seeds > 1 ? new StandardDeviation().evaluate(modelSpearman) : 0.0,
                mean(scores, 1), mean(scores, 2), mean(scores, 3));
    }

    private static double mean(double[][] scores, int index) {
        return Arrays.stream(scores).mapToDouble(s -> s[index]).average().orElse(Double.NaN);
    }
}
