package io.sparknas.jobs.bench.zerocost;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The {@code --summary-json} of {@code zero-cost-bench}. */
public record ZeroCostBenchSummary(
        @JsonProperty("target") String target,
        @JsonProperty("network") String network,
        @JsonProperty("inputs") String inputs,
        @JsonProperty("cells") int cells,
        @JsonProperty("cells_with_data_proxies") int cellsWithDataProxies,
        @JsonProperty("failed") int failed,
        @JsonProperty("sample_seed") long sampleSeed,
        @JsonProperty("init_seed") long initSeed,
        @JsonProperty("published_cells_in_sample") int publishedCellsInSample,
        @JsonProperty("partitions") int partitions,
        @JsonProperty("wall_time_s") double wallTimeS,
        @JsonProperty("cell_seconds_mean") double cellSecondsMean,
        @JsonProperty("proxies") List<ProxyRho> proxies,
        @JsonProperty("published") List<PublishedComparison> published) {

    /** Rank correlation of one score with the target over the cells that have it. */
    public record ProxyRho(
            @JsonProperty("proxy") String proxy,
            @JsonProperty("n") int n,
            @JsonProperty("spearman") double spearman,
            @JsonProperty("kendall") double kendall) {
    }

    /**
     * Our proxy against the published one on the cells both scored: per architecture (ours vs theirs),
     * and each against the target on exactly those cells.
     */
    public record PublishedComparison(
            @JsonProperty("proxy") String proxy,
            @JsonProperty("published_column") String publishedColumn,
            @JsonProperty("n") int n,
            @JsonProperty("ours_vs_published_spearman") double oursVsPublished,
            @JsonProperty("ours_vs_target_spearman") double oursVsTarget,
            @JsonProperty("published_vs_target_spearman") double publishedVsTarget) {
    }
}
