package io.sparknas.jobs.bench.latency;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The {@code --summary-json} of {@code latency-bench}: one object per device column, and their mean. */
public record LatencyBenchSummary(
        @JsonProperty("columns") List<LatencyColumnSummary> columns,
        @JsonProperty("mean") LatencyColumnSummary mean) {

    static LatencyBenchSummary of(List<LatencyColumnSummary> columns) {
        return new LatencyBenchSummary(List.copyOf(columns), LatencyColumnSummary.mean(columns));
    }
}
