package io.sparknas.jobs.bench.benchmark;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sparknas.evaluation.tabular.TabularData;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.descriptive.rank.Median;

import java.util.Arrays;
import java.util.List;

/**
 * One strategy's figures over its seeds, as the {@code --summary-json} of {@code benchmark} prints
 * them. {@code relative_improvement} follows "NAS evaluation is frustratingly hard": the gain of
 * the mean over the mean of a uniformly random architecture, in percent. {@code per_seed_best_evaluated}
 * is the best report value among the architectures a run evaluated: where it exceeds
 * {@code per_seed_report}, the search found a better architecture than the one it answered, and the
 * loss is in choosing the answer from noisy observations, not in exploring.
 * {@code per_seed_queries_to_optimum} is the query that first evaluated the table's optimum (null:
 * never), so medians can be pooled over several benchmark commands.
 */
public record StrategySummary(
        @JsonProperty("strategy") String strategy,
        @JsonProperty("budget") int budget,
        @JsonProperty("seeds") int seeds,
        @JsonProperty("first_seed") long firstSeed,
        @JsonProperty("objective") String objective,
        @JsonProperty("report") String report,
        @JsonProperty("report_mean") double reportMean,
        @JsonProperty("report_std") double reportStd,
        @JsonProperty("report_median") double reportMedian,
        @JsonProperty("queries_to_optimum_median") Double queriesToOptimumMedian,
        @JsonProperty("runs_reaching_optimum") int runsReachingOptimum,
        @JsonProperty("relative_improvement") double relativeImprovement,
        @JsonProperty("random_architecture_mean") double randomArchitectureMean,
        @JsonProperty("table_optimum") double tableOptimum,
        @JsonProperty("per_seed_report") double[] perSeedReport,
        @JsonProperty("per_seed_best_evaluated") double[] perSeedBestEvaluated,
        @JsonProperty("per_seed_queries_to_optimum") Integer[] perSeedQueriesToOptimum,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("hypervolume_ratio_mean") Double hypervolumeRatioMean,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("hypervolume_ratio_std") Double hypervolumeRatioStd,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("per_seed_hypervolume_ratio") double[] perSeedHypervolumeRatio,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("coverage_mean") Double coverageMean) {

    /** @param fronts the front scorer in multi-objective mode, else null */
    static StrategySummary of(String strategy, List<BenchmarkRunner.RunResult> runs, TabularData data,
                              int budget, long firstSeed, FrontQuality fronts) {
        double[] reports = runs.stream().mapToDouble(BenchmarkRunner.RunResult::report).toArray();
        DescriptiveStatistics stats = new DescriptiveStatistics(reports);
        double randomMean = data.meanReport();
        double[] ratios = fronts == null ? null : runs.stream().mapToDouble(r -> fronts.ratio(r.evaluated())).toArray();
        DescriptiveStatistics ratioStats = ratios == null ? null : new DescriptiveStatistics(ratios);
        boolean archive = runs.stream().allMatch(r -> r.coverage() != null);
        return new StrategySummary(strategy, budget, runs.size(), firstSeed, data.objectiveColumn(), data.reportColumn(),
                stats.getMean(), stats.getStandardDeviation(), stats.getPercentile(50),
                queriesToOptimumMedian(runs), (int) runs.stream().filter(r -> r.queryOfOptimum() != null).count(),
                100 * (stats.getMean() - randomMean) / randomMean, randomMean, data.bestReport(), reports,
                runs.stream().mapToDouble(r -> bestEvaluated(r, data)).toArray(),
                runs.stream().map(BenchmarkRunner.RunResult::queryOfOptimum).toArray(Integer[]::new),
                ratioStats == null ? null : ratioStats.getMean(), ratioStats == null ? null : ratioStats.getStandardDeviation(),
                ratios, archive ? runs.stream().mapToDouble(BenchmarkRunner.RunResult::coverage).average().orElseThrow() : null);
    }

    private static double bestEvaluated(BenchmarkRunner.RunResult run, TabularData data) {
        return run.evaluated().stream().mapToDouble(i -> i.metrics().get(data.reportColumn()))
                .max().orElse(Double.NaN);
    }

    /**
     * Median over seeds of the query that first hit the optimum, a run that never hit it counting
     * as infinitely many; null when the median itself is such a run.
     */
    static Double queriesToOptimumMedian(List<BenchmarkRunner.RunResult> runs) {
        double[] queries = runs.stream()
                .mapToDouble(r -> r.queryOfOptimum() == null ? Double.POSITIVE_INFINITY : r.queryOfOptimum()).toArray();
        Arrays.sort(queries);
        double median = new Median().evaluate(queries);
        return Double.isFinite(median) ? median : null;
    }
}
