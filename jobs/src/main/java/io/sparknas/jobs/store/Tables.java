package io.sparknas.jobs.store;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.List;

import static io.sparknas.jobs.store.Columns.*;

/** The result tables: name, schema and merge key of each (the table contract, described in docs/architecture.md). */
public enum Tables {
    RUNS("runs", List.of(RUN_ID),
            field(RUN_ID, DataTypes.StringType, false), field(CONFIG, DataTypes.StringType),
            field(SEED, DataTypes.LongType), field(STRATEGY, DataTypes.StringType), field(SPACE, DataTypes.StringType),
            field(STATUS, DataTypes.StringType), field(STARTED_AT, DataTypes.TimestampType),
            field(FINISHED_AT, DataTypes.TimestampType), field(CODE_VERSION, DataTypes.StringType),
            field(LEASE_OWNER, DataTypes.StringType), field(LEASE_EXPIRES_AT, DataTypes.TimestampType),
            field(PRIOR, DataTypes.StringType)),
    CANDIDATES("candidates", List.of(CANONICAL_KEY),
            field(CANONICAL_KEY, DataTypes.StringType, false), field(SPACE, DataTypes.StringType),
            field(ARCH, DataTypes.StringType), field(GENOME, DataTypes.createArrayType(DataTypes.IntegerType, false)),
            field(PARAMS, DataTypes.DoubleType), field(FLOPS, DataTypes.DoubleType), field(FIRST_RUN_ID, DataTypes.StringType)),
    /**
     * The key includes evaluator_config (a digest of the evaluator's data and settings): two runs on
     * different data never share, or overwrite, each other's rows.
     */
    EVALUATIONS("evaluations", List.of(CANONICAL_KEY, EVALUATOR, FIDELITY, SEED, EVALUATOR_CONFIG),
            field(CANONICAL_KEY, DataTypes.StringType, false), field(EVALUATOR, DataTypes.StringType, false),
            field(FIDELITY, DataTypes.StringType, false), field(SEED, DataTypes.LongType, false),
            field(RUN_ID, DataTypes.StringType), field(GENERATION, DataTypes.IntegerType),
            field(ARCH, DataTypes.StringType),
            field(METRICS, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false)),
            field(STATUS, DataTypes.StringType), field(REASON, DataTypes.StringType),
            field(WALL_TIME_S, DataTypes.DoubleType), field(EXECUTOR, DataTypes.StringType),
            field(EVALUATED_AT, DataTypes.TimestampType), field(EVALUATOR_CONFIG, DataTypes.StringType, false)),
    POPULATIONS("populations", List.of(RUN_ID, GENERATION, CANONICAL_KEY),
            field(RUN_ID, DataTypes.StringType, false), field(GENERATION, DataTypes.IntegerType, false),
            field(CANONICAL_KEY, DataTypes.StringType, false), field(ARCH, DataTypes.StringType),
            field(RANK, DataTypes.IntegerType), field(CROWDING, DataTypes.DoubleType),
            field(OBJECTIVES, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false)),
            field(IS_PARETO, DataTypes.BooleanType)),
    /** Latency per device; source analytic / table / measured. arch, executor and measured_at say what was measured where. */
    HARDWARE_COSTS("hardware_costs", List.of(CANONICAL_KEY, DEVICE),
            field(CANONICAL_KEY, DataTypes.StringType, false), field(DEVICE, DataTypes.StringType, false),
            field(LATENCY_MS, DataTypes.DoubleType), field(SOURCE, DataTypes.StringType),
            field(ARCH, DataTypes.StringType), field(EXECUTOR, DataTypes.StringType),
            field(MEASURED_AT, DataTypes.TimestampType)),
    /** The committed SearchState of each generation, the resume point. */
    CHECKPOINTS("checkpoints", List.of(RUN_ID, GENERATION),
            field(RUN_ID, DataTypes.StringType, false), field(GENERATION, DataTypes.IntegerType, false),
            field(STATE, DataTypes.StringType), field(COMMITTED_AT, DataTypes.TimestampType),
            field(STEP_SECONDS, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType))),
    /** One row per trained predictor (train-predictor); kendall_tau / spearman are on its held-out rows. */
    PREDICTORS("predictors", List.of(PREDICTOR_ID),
            field(PREDICTOR_ID, DataTypes.StringType, false), field(KIND, DataTypes.StringType),
            field(TARGET, DataTypes.StringType), field(TRAINED_ON_VERSION, DataTypes.LongType),
            field(N_TRAIN, DataTypes.IntegerType), field(KENDALL_TAU, DataTypes.DoubleType),
            field(SPEARMAN, DataTypes.DoubleType), field(PATH, DataTypes.StringType),
            field(CREATED_AT, DataTypes.TimestampType), field(SPACE, DataTypes.StringType)),
    /**
     * One row per finally trained model (train-final): test-split metrics, latency at batch 1, the model zip's
     * path, and digests of the recipe and the data it was trained on.
     */
    MODELS("models", List.of(MODEL_ID),
            field(MODEL_ID, DataTypes.StringType, false), field(RUN_ID, DataTypes.StringType),
            field(CANONICAL_KEY, DataTypes.StringType), field(ARCH, DataTypes.StringType),
            field(METRICS, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false)),
            field(LATENCY_MS, DataTypes.DoubleType), field(PATH, DataTypes.StringType),
            field(CONFIG_DIGEST, DataTypes.StringType), field(CODE_VERSION, DataTypes.StringType),
            field(DATA_DIGEST, DataTypes.StringType), field(CREATED_AT, DataTypes.TimestampType)),
    /**
     * One row per trained weight-sharing supernet (train-supernet): its space, the data and recipe it was trained
     * with, the folder of its weights (supernet.zip, supernet.properties, checkpoints/), and its config digest (which
     * includes the weights' SHA-256; the supernet evaluator's evaluator_config includes it). metrics: the epochs'
     * mean losses, training seconds, peak heap.
     */
    SUPERNETS("supernets", List.of(SUPERNET_ID),
            field(SUPERNET_ID, DataTypes.StringType, false), field(SPACE, DataTypes.StringType),
            field(DATASET, DataTypes.StringType), field(DATA_DIGEST, DataTypes.StringType),
            field(RECIPE, DataTypes.StringType), field(EPOCHS, DataTypes.IntegerType),
            field(SAMPLING, DataTypes.StringType), field(PATH, DataTypes.StringType),
            field(METRICS, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false)),
            field(CONFIG_DIGEST, DataTypes.StringType), field(CODE_VERSION, DataTypes.StringType),
            field(CREATED_AT, DataTypes.TimestampType));

    /** The session-catalog database SQL users query (bin/nas sql): the tables plus the views below (see {@link #VIEWS}). */
    public static final String DATABASE = "sparknas";
    public static final String LEADERBOARD = "leaderboard";
    public static final String PARETO_FRONT = "pareto_front";
    public static final String RUN_PROGRESS = "run_progress";
    public static final String RUN_SUMMARY = "run_summary";
    /** The views, each after the ones it reads. */
    public static final List<String> VIEWS = List.of(PARETO_FRONT, LEADERBOARD, RUN_PROGRESS, RUN_SUMMARY);

    private final String tableName;
    private final List<String> key;
    private final StructType schema;

    Tables(String tableName, List<String> key, StructField... fields) {
        this.tableName = tableName;
        this.key = key;
        StructField[] commented = new StructField[fields.length];
        for (int i = 0; i < fields.length; i++) {
            commented[i] = fields[i].withComment(ColumnComments.of(tableName, fields[i].name()));
        }
        this.schema = new StructType(commented);
    }

    public String tableName() {
        return tableName;
    }

    public List<String> key() {
        return key;
    }

    /** The table's COMMENT, written when the table is created: what one row is. */
    public String comment() {
        return switch (this) {
            case RUNS -> "sparknas: one row per search run (config, seed, strategy, space, status, lease, prior)";
            case CANDIDATES -> "sparknas: one row per distinct architecture (canonical key) any run asked, with analytic costs";
            case EVALUATIONS -> "sparknas: one row per evaluation of an architecture by an evaluator at a fidelity, seed "
                    + "and evaluator config; failures are rows";
            case POPULATIONS -> "sparknas: each run's population after each generation, with Pareto rank and crowding";
            case HARDWARE_COSTS -> "sparknas: latency of an architecture on a device (analytic, table or measured)";
            case CHECKPOINTS -> "sparknas: each run's committed search state per generation (the resume point) and its "
                    + "step seconds";
            case PREDICTORS -> "sparknas: one row per trained predictor (train-predictor)";
            case MODELS -> "sparknas: one row per finally trained model (train-final)";
            case SUPERNETS -> "sparknas: one row per trained weight-sharing supernet (train-supernet)";
        };
    }

    /** Whether the table records its changes (Delta's change data feed): the tables other jobs follow. */
    public boolean changeDataFeed() {
        return this == RUNS || this == EVALUATIONS;
    }

    /** The column's COMMENT (each column of {@link #schema()} carries it). */
    public String columnComment(String column) {
        return ColumnComments.of(tableName, column);
    }

    /** The columns, each with its COMMENT (written into the Delta schema when the table is created). */
    public StructType schema() {
        return schema;
    }

    /**
     * Columns added after stores were first written with this table: a store of an earlier version
     * lacks them, is still accepted, and gains them (nullable, no data rewritten) when tables are ensured.
     */
    public List<String> addedColumns() {
        return switch (this) {
            case RUNS -> List.of(LEASE_OWNER, LEASE_EXPIRES_AT, PRIOR);
            case PREDICTORS -> List.of(SPACE);
            case CHECKPOINTS -> List.of(STEP_SECONDS);
            default -> List.of();
        };
    }

    private static StructField field(String name, DataType type) {
        return field(name, type, true);
    }

    private static StructField field(String name, DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }
}
