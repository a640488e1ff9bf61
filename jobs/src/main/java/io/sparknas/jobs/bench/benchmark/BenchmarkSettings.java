package io.sparknas.jobs.bench.benchmark;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;
import io.sparknas.jobs.search.Registry;
import io.sparknas.jobs.search.SearchGoals;

import java.util.List;

/**
 * {@code benchmark.*}: strategies x seeds on the tabular benchmark ({@code evaluator.tabular.*}), on the driver.
 */
public record BenchmarkSettings(String space, String report, List<String> strategies, int budget, int seeds,
                                long firstSeed, int batch) {
    public static final Setting<String> SPACE = Setting.choice("benchmark.space", "nb201", "search space",
            () -> Registry.SPACES, "The search space of the tables' architectures (one of: nb201, mobilenet).");
    public static final Setting<String> REPORT = Setting.required("benchmark.report", "\"\"",
            "Column reported for the chosen architecture (NB201: search on validation, report test).");
    public static final Setting<List<String>> STRATEGIES = Setting.choices("benchmark.strategies",
            "[random, regularized-evolution]", "strategy", () -> Registry.STRATEGIES, "The strategies compared (each one "
                    + "of: random, regularized-evolution, nsga2, map-elites, ee-pi, predictor-guided, darts).").nonEmpty("");
    public static final Setting<List<String>> OBJECTIVES = Setting.strings("benchmark.objectives", "[]",
            "Multi-objective mode: e.g. [\"cifar10_valid_val_acc:max\", \"lat_ms_titan_rtx_256:min\"] (quoted). Metrics "
                    + "are table columns or analytic costs (params, flops, activations). Empty: maximise "
                    + "evaluator.tabular.objective.");
    public static final Setting<List<String>> CONSTRAINTS = Setting.strings("benchmark.constraints", "[]",
            "e.g. [\"params<=1.0e6\"]: feasible candidates first (constraint domination).");
    public static final Setting<Integer> BUDGET = Setting.positiveInt("benchmark.budget", "100",
            "Evaluator queries per run; duplicates already evaluated in the run are served from its cache.");
    public static final Setting<Integer> SEEDS = Setting.positiveInt("benchmark.seeds", "20",
            "Independent runs per strategy, with seeds first-seed .. first-seed + seeds - 1.");
    public static final Setting<Long> FIRST_SEED = Setting.whole("benchmark.first-seed", "0",
            "First seed of the benchmark runs.");
    public static final Setting<Integer> BATCH = Setting.positiveInt("benchmark.batch", "1",
            "Candidates asked per generation (1 = the sequential protocol of the NB201 paper).");
    public static final List<Setting<?>> SETTINGS = List.of(SPACE, REPORT, STRATEGIES, OBJECTIVES, CONSTRAINTS, BUDGET, SEEDS,
            FIRST_SEED, BATCH);

    public static BenchmarkSettings from(NasConfig config) {
        return new BenchmarkSettings(SPACE.get(config), REPORT.get(config), STRATEGIES.get(config), BUDGET.get(config),
                SEEDS.get(config), FIRST_SEED.get(config), BATCH.get(config));
    }

    /** What the benchmark's strategies optimise: {@code benchmark.objectives} and {@code benchmark.constraints}. */
    public static SearchGoals goals(NasConfig config) {
        return SearchGoals.from(config, OBJECTIVES, CONSTRAINTS);
    }
}
