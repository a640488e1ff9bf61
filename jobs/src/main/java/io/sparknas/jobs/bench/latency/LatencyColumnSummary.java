package io.sparknas.jobs.bench.latency;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One device column's figures in the {@code --summary-json} of {@code latency-bench}: means over seeds. The
 * {@code prior_*} figures (a FewShotLatencyModel with the other devices of {@code prior_columns} as its prior,
 * fitted on the same cells) are there only when {@code latency.prior-tables} is set.
 */
public record LatencyColumnSummary(
        @JsonProperty("column") String column,
        @JsonProperty("samples") int samples,
        @JsonProperty("seeds") int seeds,
        @JsonProperty("n_test") int nTest,
        @JsonProperty("model_spearman") double modelSpearman,
        @JsonProperty("model_spearman_std") double modelSpearmanStd,
        @JsonProperty("model_kendall") double modelKendall,
        @JsonProperty("flops_spearman") double flopsSpearman,
        @JsonProperty("flops_kendall") double flopsKendall,
        @JsonProperty("prior_columns") @JsonInclude(JsonInclude.Include.NON_NULL) List<String> priorColumns,
        @JsonProperty("prior_spearman") @JsonInclude(JsonInclude.Include.NON_NULL) Double priorSpearman,
        @JsonProperty("prior_spearman_std") @JsonInclude(JsonInclude.Include.NON_NULL) Double priorSpearmanStd,
        @JsonProperty("prior_kendall") @JsonInclude(JsonInclude.Include.NON_NULL) Double priorKendall) {

    /**
     * @param scores per seed: model ρ, model τ, FLOPs ρ, FLOPs τ, and with a prior (non-null {@code priorColumns})
     *               prior ρ, prior τ
     */
    static LatencyColumnSummary of(String column, int samples, int seeds, int nTest, List<String> priorColumns,
                                   double[][] scores) {
        boolean prior = priorColumns != null;
        return new LatencyColumnSummary(column, samples, seeds, nTest, mean(scores, 0), std(scores, 0),
                mean(scores, 1), mean(scores, 2), mean(scores, 3), prior ? List.copyOf(priorColumns) : null,
                prior ? mean(scores, 4) : null, prior ? std(scores, 4) : null, prior ? mean(scores, 5) : null);
    }

    /** Each figure's mean over the columns, as a row named {@code mean} (its std figures are the columns' mean std). */
    static LatencyColumnSummary mean(List<LatencyColumnSummary> columns) {
        boolean prior = columns.stream().allMatch(c -> c.priorSpearman() != null);
        LatencyColumnSummary first = columns.get(0);
        return new LatencyColumnSummary("mean", first.samples(), first.seeds(), first.nTest(),
                average(columns, LatencyColumnSummary::modelSpearman), average(columns, LatencyColumnSummary::modelSpearmanStd),
                average(columns, LatencyColumnSummary::modelKendall), average(columns, LatencyColumnSummary::flopsSpearman),
                average(columns, LatencyColumnSummary::flopsKendall), null,
                prior ? average(columns, LatencyColumnSummary::priorSpearman) : null,
                prior ? average(columns, LatencyColumnSummary::priorSpearmanStd) : null,
                prior ? average(columns, LatencyColumnSummary::priorKendall) : null);
    }

    private static double average(List<LatencyColumnSummary> columns, ToDoubleFunction<LatencyColumnSummary> figure) {
        return columns.stream().mapToDouble(figure).average().orElse(Double.NaN);
    }

    private static double mean(double[][] scores, int index) {
        return Arrays.stream(scores).mapToDouble(s -> s[index]).average().orElse(Double.NaN);
    }

    private static double std(double[][] scores, int index) {
        return scores.length > 1 ? new StandardDeviation().evaluate(Arrays.stream(scores).mapToDouble(s -> s[index]).toArray()) : 0.0;
    }
}
