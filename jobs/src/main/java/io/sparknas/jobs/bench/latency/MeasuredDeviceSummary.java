package io.sparknas.jobs.bench.latency;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One measured device in the {@code --summary-json} of {@code profile-latency}: a
 * {@code LatencyTableModel} fitted on {@code n_train} of the device's measured {@code hardware_costs}
 * rows, Spearman on the other {@code n_test} for the model and for FLOPs; with
 * {@code profile-latency.prior-devices}, also for a {@code FewShotLatencyModel} fitted on the same rows with
 * those devices' latencies ({@code prior_devices}, never the device itself) as its prior.
 */
public record MeasuredDeviceSummary(
        @JsonProperty("device") String device,
        @JsonProperty("measured_rows") int measuredRows,
        @JsonProperty("n_train") int nTrain,
        @JsonProperty("n_test") int nTest,
        @JsonProperty("model_spearman") double modelSpearman,
        @JsonProperty("flops_spearman") double flopsSpearman,
        @JsonProperty("median_latency_ms") double medianLatencyMs,
        @JsonProperty("profiling_wall_time_s") double profilingWallTimeS,
        @JsonProperty("prior_devices") @JsonInclude(JsonInclude.Include.NON_NULL) List<String> priorDevices,
        @JsonProperty("prior_spearman") @JsonInclude(JsonInclude.Include.NON_NULL) Double priorSpearman) {
}
