package io.sparknas.jobs.store;

/** Every column name of the result tables (described in docs/architecture.md), in one place. */
public final class Columns {
    private Columns() {
    }

    public static final String RUN_ID = "run_id";
    public static final String CONFIG = "config";
    public static final String SEED = "seed";
    public static final String STRATEGY = "strategy";
    public static final String SPACE = "space";
    public static final String STATUS = "status";
    public static final String STARTED_AT = "started_at";
    public static final String FINISHED_AT = "finished_at";
    public static final String CODE_VERSION = "code_version";
    /** The process that holds the run (host/pid/token), null when none does; see search.RunLease. */
    public static final String LEASE_OWNER = "lease_owner";
    /** When the holder's lease lapses unless renewed. */
    public static final String LEASE_EXPIRES_AT = "lease_expires_at";
    /** runs: the prior a run started from (JSON: source, store, source runs or predictor id), null for none. */
    public static final String PRIOR = "prior";

    public static final String CANONICAL_KEY = "canonical_key";
    public static final String ARCH = "arch";
    public static final String GENOME = "genome";
    public static final String PARAMS = "params";
    public static final String FLOPS = "flops";
    public static final String FIRST_RUN_ID = "first_run_id";

    public static final String EVALUATOR = "evaluator";
    public static final String FIDELITY = "fidelity";
    public static final String GENERATION = "generation";
    public static final String METRICS = "metrics";
    public static final String REASON = "reason";
    public static final String WALL_TIME_S = "wall_time_s";
    public static final String EXECUTOR = "executor";
    public static final String EVALUATED_AT = "evaluated_at";
    /** A digest of the evaluator's data and settings, part of the evaluations key. */
    public static final String EVALUATOR_CONFIG = "evaluator_config";

    public static final String RANK = "rank";
    public static final String CROWDING = "crowding";
    public static final String OBJECTIVES = "objectives";
    public static final String IS_PARETO = "is_pareto";

    // predictors table (train-predictor); the report reads it when present
    public static final String PREDICTOR_ID = "predictor_id";
    public static final String KIND = "kind";
    public static final String TARGET = "target";
    public static final String TRAINED_ON_VERSION = "trained_on_version";
    public static final String N_TRAIN = "n_train";
    public static final String KENDALL_TAU = "kendall_tau";
    public static final String SPEARMAN = "spearman";
    public static final String PATH = "path";
    public static final String CREATED_AT = "created_at";

    // models table (train-final; export reads it)
    public static final String MODEL_ID = "model_id";
    /** A digest of the final training's recipe, skeleton and subsets. */
    public static final String CONFIG_DIGEST = "config_digest";
    /** A digest of the dataset: its format, the names and sizes of its files, the subsets used. */
    public static final String DATA_DIGEST = "data_digest";

    // supernets table (train-supernet; the supernet evaluator's weights)
    public static final String SUPERNET_ID = "supernet_id";
    /** What a supernet was trained on: format, subset, validation fraction, split seed. */
    public static final String DATASET = "dataset";
    public static final String RECIPE = "recipe";
    public static final String EPOCHS = "epochs";
    public static final String SAMPLING = "sampling";

    // hardware_costs table (profile-latency)
    public static final String DEVICE = "device";
    public static final String LATENCY_MS = "latency_ms";
    public static final String SOURCE = "source";
    public static final String MEASURED_AT = "measured_at";

    public static final String STATE = "state";
    public static final String COMMITTED_AT = "committed_at";
    /** Seconds per step of the generation ({@code io.sparknas.jobs.engine.StepTimer.Step} keys). */
    public static final String STEP_SECONDS = "step_seconds";

    // columns of the SQL views (leaderboard, run_progress, run_summary)
    public static final String OBJECTIVE = "objective";
    public static final String DIRECTION = "direction";
    public static final String OBJECTIVE_VALUE = "objective_value";
    public static final String REPORT = "report";
    public static final String REPORT_VALUE = "report_value";
    public static final String EVALUATIONS_COUNT = "evaluations";
    public static final String EVALUATIONS_SO_FAR = "evaluations_so_far";
    /** run_progress: proposals a surrogate scored in the generation (predictor-guided), and per second of its ask. */
    public static final String PROPOSALS = "proposals";
    public static final String PROPOSALS_PER_S = "proposals_per_s";
    public static final String BEST_SO_FAR = "best_so_far";
    public static final String ELAPSED_S = "elapsed_s";
    public static final String BEST = "best";
    public static final String BEST_REPORT = "best_report";
    public static final String BEST_ARCH = "best_arch";

    /**
     * A string column that came later ({@link Tables#addedColumns()}): null where the row was read from
     * a table written before the column existed, as for a row whose value is null.
     */
    public static String addedString(org.apache.spark.sql.Row row, String column) {
        return java.util.Arrays.asList(row.schema().fieldNames()).contains(column)
                ? row.getString(row.fieldIndex(column)) : null;
    }
}
