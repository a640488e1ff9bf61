package io.sparknas.jobs.store;

/** Every column name of the result tables (contract: ARCHITECTURE.md), in one place. */
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

    public static final String RANK = "rank";
    public static final String CROWDING = "crowding";
    public static final String OBJECTIVES = "objectives";
    public static final String IS_PARETO = "is_pareto";

    public static final String DEVICE = "device";
    public static final String LATENCY_MS = "latency_ms";
    public static final String SOURCE = "source";
    public static final String MEASURED_AT = "measured_at";

    public static final String STATE = "state";
    public static final String COMMITTED_AT = "committed_at";
}
