package io.sparknas.jobs.search;

import io.sparknas.jobs.config.ConfigErrors;
import io.sparknas.jobs.engine.SearchSettings;
import io.sparknas.jobs.config.Names;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;

import java.util.List;

/**
 * {@code search.*}: what the {@code search} command runs. The loop's budget is read into
 * {@link SearchSettings} and the lease into {@link RunLease.Settings}, from the keys declared here.
 */
public record SearchJobSettings(String runId, String space, String strategy, String evaluator, long seed,
                                String report) {
    public static final Setting<String> RUN_ID = Setting.string("search.run-id", "\"\"",
            "Empty: a new run id is generated. The same id resumes an unfinished run.").check(id -> {
                if (!id.isEmpty()) {
                    Names.check(ConfigErrors.name("search.run-id"), id); // a folder name: a plain name, or an error naming the key
                }
                return null;
            });
    public static final Setting<String> SPACE = Setting.choice("search.space", "nb201", "search space", () -> Registry.SPACES,
            "The search space (one of: nb201, mobilenet); mobilenet is the OFA-style macro space (input: hardware.input-channels and "
                    + "hardware.resolution, 3x32x32 by default) and needs an "
                    + "evaluator that trains.");
    public static final Setting<String> STRATEGY = Setting.choice("search.strategy", "regularized-evolution", "strategy",
            () -> Registry.STRATEGIES, "The search strategy (one of: random, regularized-evolution, nsga2, map-elites, ee-pi, "
                    + "predictor-guided, darts); darts: nb201 only, see strategy.darts.*.");
    public static final Setting<String> EVALUATOR = Setting.choice("search.evaluator", "tabular", "evaluator",
            () -> Registry.EVALUATORS, "How a candidate is scored (one of: tabular, dl4j-train, supernet): a lookup in "
                    + "evaluator.tabular.tables, training with Deeplearning4j (evaluator.dl4j-train), or the weights "
                    + "inherited from a trained NB201 supernet (evaluator.supernet).");
    public static final Setting<Long> SEED = Setting.whole("search.seed", "0",
            "Run seed: the strategy's RNG and the per-query seed draws derive from it.");
    public static final Setting<Integer> BUDGET = Setting.positiveInt("search.budget", "100",
            "Evaluations the run spends; cache hits (already in the store) spend none.");
    public static final Setting<Integer> BATCH = Setting.positiveInt("search.batch", "10",
            "Candidates per generation: one Spark job evaluates them in parallel.");
    public static final Setting<List<String>> OBJECTIVES = Setting.strings("search.objectives", "[]",
            "Objectives as metric:max or metric:min, e.g. [\"val_acc:max\", \"params:min\"]; metrics are evaluator "
                    + "metrics or analytic costs (params, flops, activations). Empty: maximise evaluator.tabular.objective.");
    public static final Setting<List<String>> CONSTRAINTS = Setting.strings("search.constraints", "[]",
            "e.g. [\"params<=1.0e6\"]: feasible candidates first (constraint domination).");
    public static final Setting<Integer> MAX_GENERATIONS = Setting.atLeast("search.max-generations", "0", 0,
            "(0 = 20 x budget / batch)",
            "Stop after this many generations even if the budget is not spent (0 = 20 x budget / batch).");
    public static final Setting<Integer> MAX_SECONDS = Setting.atLeast("search.max-seconds", "0", 0,
            "(seconds; 0 = no limit)",
            "Start no further generation once the search loop has run this long in this process (a started "
                    + "generation finishes; a run resumed after an interruption starts a new allowance); the run is then "
                    + "FINISHED as at the budget. 0: no time limit.");
    public static final Setting<String> REPORT = Setting.string("search.report", "\"\"",
            "Metric reported for the run's answer (e.g. a test accuracy column); empty: the primary objective's metric.");
    public static final Setting<Boolean> LOOKUPS_ON_DRIVER = Setting.bool("search.lookups-on-driver", "true",
            "Evaluate a lookup evaluator (tabular: a table row in memory) on the driver, with no Spark job per "
                    + "generation; false: on the executors, as every other evaluator.");
    public static final List<Setting<?>> SETTINGS = List.of(RUN_ID, SPACE, STRATEGY, EVALUATOR, SEED, BUDGET, BATCH,
            OBJECTIVES, CONSTRAINTS, MAX_GENERATIONS, MAX_SECONDS, REPORT, LOOKUPS_ON_DRIVER, RunLease.Settings.TTL_S,
            RunLease.Settings.WAIT_S);

    public static SearchJobSettings from(NasConfig config) {
        return new SearchJobSettings(RUN_ID.get(config), SPACE.get(config), STRATEGY.get(config), EVALUATOR.get(config),
                SEED.get(config), REPORT.get(config).trim());
    }

    /** What the search optimises: {@code search.objectives} and {@code search.constraints}. */
    public static SearchGoals goals(NasConfig config) {
        return SearchGoals.from(config, OBJECTIVES, CONSTRAINTS);
    }

    /** The metric reported for the answer: {@code search.report}, or the primary objective's metric. */
    public String reportMetric(SearchGoals goals) {
        return report.isEmpty() ? goals.primary().metric() : report;
    }

    /**
     * The loop's budget: {@code search.budget}, {@code search.batch}, {@code search.max-generations},
     * {@code search.max-seconds}.
     */
    public static SearchSettings loop(NasConfig config, int parallelism) {
        return SearchSettings.of(BUDGET.get(config), BATCH.get(config), MAX_GENERATIONS.get(config), parallelism,
                MAX_SECONDS.get(config));
    }
}
