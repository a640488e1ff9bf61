package io.sparknas.jobs.store;

import java.util.Map;

import static io.sparknas.jobs.store.Columns.*;

/**
 * What each column of the result tables holds: the column COMMENT a table is created with (and that
 * {@link PlatformCatalog} gives a table of an earlier version that lacks it). One meaning per column
 * name, except where a table uses the name for something of its own ({@link #of}).
 */
final class ColumnComments {
    private ColumnComments() {
    }

    private static final Map<String, String> COMMON = Map.ofEntries(
            Map.entry(RUN_ID, "the search run (runs.run_id)"),
            Map.entry(CONFIG, "the run's resolved configuration (HOCON)"),
            Map.entry(SEED, "the seed"),
            Map.entry(STRATEGY, "the search strategy"),
            Map.entry(SPACE, "the search space (nb201, mobilenet)"),
            Map.entry(STATUS, "RUNNING until the run finishes, then FINISHED"),
            Map.entry(STARTED_AT, "when the run started"),
            Map.entry(FINISHED_AT, "when the run finished; null while it runs"),
            Map.entry(CODE_VERSION, "the sparknas version that wrote the row"),
            Map.entry(LEASE_OWNER, "the process that holds the run (host/pid/token); null when none does"),
            Map.entry(LEASE_EXPIRES_AT, "when the holder's lease lapses unless renewed"),
            Map.entry(PRIOR, "the prior the run started from (JSON); null for none"),
            Map.entry(CANONICAL_KEY, "the architecture's functional-equivalence class (candidates.canonical_key)"),
            Map.entry(ARCH, "the architecture in the space's string form"),
            Map.entry(GENOME, "the architecture's choice vector"),
            Map.entry(PARAMS, "trainable parameters (analytic)"),
            Map.entry(FLOPS, "FLOPs of one forward pass (analytic)"),
            Map.entry(FIRST_RUN_ID, "the run that first asked for the architecture"),
            Map.entry(EVALUATOR, "the evaluator (tabular, dl4j-train, zero-cost, supernet)"),
            Map.entry(FIDELITY, "the evaluator's fidelity, e.g. 200ep"),
            Map.entry(GENERATION, "the run's generation"),
            Map.entry(METRICS, "metric name to value"),
            Map.entry(REASON, "why the evaluation failed; null when OK"),
            Map.entry(WALL_TIME_S, "seconds the evaluation took"),
            Map.entry(EXECUTOR, "the Spark executor that did the work"),
            Map.entry(EVALUATED_AT, "when the evaluation finished"),
            Map.entry(EVALUATOR_CONFIG, "digest of the evaluator's data and settings"),
            Map.entry(RANK, "Pareto rank (1 = first front)"),
            Map.entry(CROWDING, "crowding distance within the front"),
            Map.entry(OBJECTIVES, "objective name to value"),
            Map.entry(IS_PARETO, "whether the architecture is on the generation's first front"),
            Map.entry(PREDICTOR_ID, "the trained predictor"),
            Map.entry(KIND, "the predictor kind"),
            Map.entry(TARGET, "the metric the predictor predicts"),
            Map.entry(TRAINED_ON_VERSION, "the evaluations table version it was trained on"),
            Map.entry(N_TRAIN, "training rows"),
            Map.entry(KENDALL_TAU, "Kendall's tau on held-out rows"),
            Map.entry(SPEARMAN, "Spearman's rho on held-out rows"),
            Map.entry(PATH, "where the saved files are"),
            Map.entry(CREATED_AT, "when the row was written"),
            Map.entry(MODEL_ID, "the finally trained model"),
            Map.entry(CONFIG_DIGEST, "digest of the recipe and settings it was trained with"),
            Map.entry(DATA_DIGEST, "digest of the data it was trained on"),
            Map.entry(SUPERNET_ID, "the trained supernet"),
            Map.entry(DATASET, "what it was trained on: format, subset, validation fraction, split seed"),
            Map.entry(RECIPE, "the training recipe"),
            Map.entry(EPOCHS, "training epochs"),
            Map.entry(SAMPLING, "how sub-networks were sampled (uniform, sandwich)"),
            Map.entry(DEVICE, "the device the latency is for"),
            Map.entry(LATENCY_MS, "latency in milliseconds"),
            Map.entry(SOURCE, "where the latency comes from (analytic, table, measured)"),
            Map.entry(MEASURED_AT, "when it was measured"),
            Map.entry(STATE, "the committed search state (JSON): the resume point"),
            Map.entry(COMMITTED_AT, "when the generation was committed"),
            Map.entry(STEP_SECONDS, "seconds per step of the generation"));

    /** The comment of {@code column} in {@code table}. */
    static String of(String table, String column) {
        String own = switch (table + "." + column) {
            case "evaluations.status" -> "OK or FAILED (a failure is a row)";
            case "evaluations.seed" -> "the evaluation's seed";
            case "runs.seed" -> "the run's seed";
            case "models.metrics" -> "test-split metrics and training figures (test_acc in percent, ...)";
            case "models.latency_ms" -> "median latency at batch 1 on the executor that trained it";
            case "models.path" -> "the model zip";
            case "supernets.path" -> "the folder of the supernet's weights";
            case "supernets.metrics" -> "the epochs' mean losses, training seconds, peak memory";
            case "predictors.path" -> "the saved predictor";
            default -> null;
        };
        if (own != null) {
            return own;
        }
        String common = COMMON.get(column);
        if (common == null) {
            throw new IllegalStateException("no comment for column " + table + "." + column);
        }
        return common;
    }
}
