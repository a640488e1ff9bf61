package io.sparknas.jobs.data;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;

import java.util.List;

/**
 * {@code evaluator.tabular.*}: the tabular benchmark a {@code tabular} evaluator looks candidates up
 * in, for {@code search} and {@code benchmark} alike (each command names its own report column).
 */
public record TabularSettings(List<String> tables, String objective, String fidelity) {
    public static final Setting<List<String>> TABLES = Setting.strings("evaluator.tabular.tables", "[]",
            "Files of the tabular benchmark (CSV or CSV.gz), joined on their arch_str column.");
    public static final Setting<String> OBJECTIVE = Setting.required("evaluator.tabular.objective", "\"\"",
            "Column the search optimises (maximised) when no objectives are given.");
    public static final Setting<String> FIDELITY = Setting.required("evaluator.tabular.fidelity", "\"200ep\"",
            "Stored in evaluations.fidelity for tabular lookups.");
    public static final List<Setting<?>> SETTINGS = List.of(TABLES, OBJECTIVE, FIDELITY);

    public static TabularSettings from(NasConfig config) {
        return new TabularSettings(TABLES.get(config), OBJECTIVE.get(config), FIDELITY.get(config));
    }
}
