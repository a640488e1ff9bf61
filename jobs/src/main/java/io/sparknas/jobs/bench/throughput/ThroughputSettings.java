package io.sparknas.jobs.bench.throughput;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;
import io.sparknas.jobs.predictors.XgboostKeys;
import io.sparknas.predictor.xgboost.XgboostSettings;

import java.util.List;
import java.util.Locale;

/**
 * {@code throughput.*}: macro-space candidates generated + keyed + cost-scored + predicted per second per
 * core, as one Spark Dataset job.
 */
public record ThroughputSettings(long candidates, int partitions, int batch, MacroScoringTask.Scorer scorer, int train,
                                 XgboostSettings xgboost, int heldOut, MacroScoringTask.Stage stages, boolean stringKeys,
                                 int repeats, long seed) {
    public static final Setting<Long> CANDIDATES = Setting.whole("throughput.candidates", "20000000",
            "Candidates per measured pass, split evenly over the partitions.").require(c -> c > 0, "> 0");
    public static final Setting<Integer> PARTITIONS = Setting.atLeast("throughput.partitions", "0", 0, "",
            "0 = one partition per core (Spark's default parallelism).");
    public static final Setting<Integer> BATCH = Setting.positiveInt("throughput.batch", "4096",
            "Rows per XGBoost prediction call (1 = one call per candidate).");
    public static final Setting<String> SCORER = Setting.choice("throughput.scorer", "bounded", "scorer",
            () -> names(MacroScoringTask.Scorer.values()), "How candidates are predicted (one of: native, bounded): "
                    + "native, every candidate by XGBoost with every tree, in batches; bounded, the booster's trees in Java, "
                    + "each candidate stopped as soon as it cannot beat the best so far. Both keep the same best candidate.");
    public static final Setting<Integer> TRAIN = Setting.positiveInt("throughput.train", "2000",
            "Architectures the benchmark's predictor is trained on (target: analytic log10 activation memory).");
    public static final Setting<Integer> ROUNDS = XgboostKeys.rounds("throughput.rounds", "${predictor.xgboost.rounds}",
            "Boosting rounds of that predictor (by default predictor.xgboost's).");
    public static final Setting<Double> ETA = XgboostKeys.eta("throughput.eta", "${predictor.xgboost.eta}",
            "Learning rate of that predictor (by default predictor.xgboost's).");
    public static final Setting<Integer> MAX_DEPTH = XgboostKeys.maxDepth("throughput.max-depth",
            "${predictor.xgboost.max-depth}", "Tree depth of that predictor (by default predictor.xgboost's).");
    public static final Setting<Integer> HELD_OUT = Setting.positiveInt("throughput.held-out", "2000",
            "Further sampled architectures on which the predictor's Kendall tau is reported (never trained on).");
    public static final Setting<String> STAGES = Setting.choice("throughput.stages", "predict", "stage",
            () -> names(MacroScoringTask.Stage.values()), "What each candidate goes through, cumulative (one of: generate, "
                    + "key, cost, featurize, predict).");
    public static final Setting<String> KEY = Setting.choice("throughput.key", "packed", "key", () -> List.of("packed", "string"),
            "The candidate's identity (one of: packed, string): the canonical identity as two longs, or "
                    + "MobileNetArchitecture.canonicalKey() per candidate.");
    public static final Setting<Integer> REPEATS = Setting.positiveInt("throughput.repeats", "3",
            "Measured passes after one warm-up pass; the fastest is reported.");
    public static final Setting<Long> SEED = Setting.whole("throughput.seed", "0",
            "Seed of the sampled candidates and of the predictor's training set.");
    public static final List<Setting<?>> SETTINGS = List.of(CANDIDATES, PARTITIONS, BATCH, SCORER, TRAIN, ROUNDS, ETA,
            MAX_DEPTH, HELD_OUT, STAGES, KEY, REPEATS, SEED);

    public static ThroughputSettings from(NasConfig config) {
        return new ThroughputSettings(CANDIDATES.get(config), PARTITIONS.get(config), BATCH.get(config),
                MacroScoringTask.Scorer.valueOf(SCORER.get(config).toUpperCase(Locale.ROOT)), TRAIN.get(config),
                XgboostKeys.read(config, ROUNDS, ETA, MAX_DEPTH), HELD_OUT.get(config),
                MacroScoringTask.Stage.valueOf(STAGES.get(config).toUpperCase(Locale.ROOT)), KEY.get(config).equals("string"),
                REPEATS.get(config), SEED.get(config));
    }

    private static List<String> names(Enum<?>[] values) {
        return java.util.Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
    }
}
