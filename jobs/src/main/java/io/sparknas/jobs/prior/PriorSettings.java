package io.sparknas.jobs.prior;

import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;
import io.sparknas.population.prior.WithPrior;

import java.util.List;

/**
 * {@code prior.*}: where a search (or each seed of a benchmark) starts from. Read by {@code search}
 * and {@code bench benchmark} alike; see {@link Priors}.
 */
public record PriorSettings(String source, String store, String predictorId, int warmStart, int proposals,
                            int minObservations) {
    public static final String NONE = "none";
    public static final String STORE = "store";
    public static final String PREDICTOR = "predictor";
    public static final String LATEST = "latest";

    public static final Setting<String> SOURCE = Setting.choice("prior.source", NONE, "prior source",
            () -> List.of(NONE, STORE, PREDICTOR), "Where the prior comes from (one of: none, store, predictor). none: a cold start; store: the finished runs of prior.store (each "
                    + "run's objective on its evaluator config is a source task; the run's own evaluator config is its "
                    + "cache, not a prior); predictor: the model prior.predictor-id of the predictors table.");
    public static final Setting<String> STORE_PATH = Setting.string("prior.store", "\"\"",
            "The sparknas store the prior is read from (read only); empty: the run's own store.path.");
    public static final Setting<String> PREDICTOR_ID = Setting.required("prior.predictor-id", LATEST,
            "With prior.source = predictor: a predictor_id of the predictors table, or latest (the newest for the "
                    + "space; a cold start when there is none).");
    public static final Setting<Integer> WARM_START = Setting.atLeast("prior.warm-start", "10", 0, "(evaluations)",
            "The run's first evaluations are the architectures the prior ranks best.");
    public static final Setting<Integer> PROPOSALS = Setting.positiveInt("prior.proposals", "5",
            "After the warm start, the strategy proposes this many genomes per evaluation and the prior picks one, "
                    + "as often as it has earned (its rank agreement with the run's values); 1: warm start only.");
    public static final Setting<Integer> MIN_OBSERVATIONS = Setting.atLeast("prior.min-observations", "5", 2,
            "(evaluations)", "Run values needed before each source is weighted by its Kendall tau with them.");
    public static final List<Setting<?>> SETTINGS = List.of(SOURCE, STORE_PATH, PREDICTOR_ID, WARM_START, PROPOSALS,
            MIN_OBSERVATIONS);

    public static PriorSettings from(NasConfig config) {
        return new PriorSettings(SOURCE.get(config), STORE_PATH.get(config), PREDICTOR_ID.get(config),
                WARM_START.get(config), PROPOSALS.get(config), MIN_OBSERVATIONS.get(config));
    }

    public WithPrior.Settings strategy() {
        return new WithPrior.Settings(warmStart, proposals);
    }
}
