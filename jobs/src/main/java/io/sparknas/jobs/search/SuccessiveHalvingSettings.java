package io.sparknas.jobs.search;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;

import java.util.List;

/** {@code successive-halving.*}: how many candidates of a rung go on to the next (with evaluator.dl4j-train.fidelities). */
public record SuccessiveHalvingSettings(double eta) {
    public static final Setting<Double> ETA = Setting.number("successive-halving.eta", "3",
            "Reduction factor: floor(n / eta) (at least one) of a rung's n candidates go on to the next rung.")
            .require(eta -> Double.isFinite(eta) && eta > 1, "a finite number > 1");
    public static final List<Setting<?>> SETTINGS = List.of(ETA);

    public static SuccessiveHalvingSettings from(NasConfig config) {
        return new SuccessiveHalvingSettings(ETA.get(config));
    }
}
