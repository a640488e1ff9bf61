package io.sparknas.jobs.search;

import com.typesafe.config.Config;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;
import io.sparknas.population.strategy.EarlyExitInit;
import io.sparknas.population.strategy.MapElites;
import io.sparknas.population.strategy.PredictorGuided;

import java.util.List;

/**
 * {@code strategy.*}: each strategy's own keys, read by {@link Registry} when that strategy is built
 * (for {@code search}, and for each strategy a {@code benchmark} compares). The strategies' constructors
 * check their arguments too; the checks here come first and name the key.
 */
public final class StrategySettings {
    private static final String INNER_NAMES = "one of: random, regularized-evolution, nsga2, map-elites, ee-pi, predictor-guided, darts";

    public static final Setting<Integer> RE_POPULATION = Setting.positiveInt("strategy.regularized-evolution.population",
            "20", "Size of the aging population (oldest member removed each step).");
    public static final Setting<Integer> RE_SAMPLE = Setting.positiveInt("strategy.regularized-evolution.sample", "5",
            "Tournament size: parents are the best of this many random members (at most the population).");

    public static final Setting<Integer> NSGA2_POPULATION = Setting.atLeast("strategy.nsga2.population", "20", 2,
            "(binary tournaments)", "Parents kept per generation (non-dominated sorting, crowding distance).");
    public static final Setting<Double> NSGA2_CROSSOVER = Setting.number("strategy.nsga2.crossover", "0.9",
            "Probability that a child comes from crossover (else a mutation of one parent).")
            .require(p -> p >= 0 && p <= 1, "in [0, 1]");

    public static final Setting<Integer> ME_INITIAL_SAMPLES = Setting.positiveInt("strategy.map-elites.initial-samples", "20",
            "Random samples before elites are mutated.");
    public static final Setting<List<? extends Config>> ME_DESCRIPTORS = Setting.objects("strategy.map-elites.descriptors",
            "[{metric = flops, min = 7.8e6, max = 2.21e8, bins = 10}]",
            "One or two of {metric, min, max, bins}; metrics as for objectives.");

    public static final Setting<String> PG_INNER = Setting.choice("strategy.predictor-guided.inner", "regularized-evolution",
            "strategy", () -> Registry.STRATEGIES, "The strategy whose proposals the surrogate filters (" + INNER_NAMES
                    + "; not predictor-guided itself).")
            .check(name -> name.equals(PredictorGuided.NAME) ? "cannot be predictor-guided itself" : null);
    public static final Setting<String> PG_PREDICTOR = Setting.choice("strategy.predictor-guided.predictor", "xgboost-ensemble",
            "predictor kind", () -> Registry.PREDICTOR_KINDS, "The surrogate's predictor kind (one of: xgboost, "
                    + "xgboost-ensemble, mlp, mlp-pretrained, gcn; mobilenet has the xgboost kinds only); the ensemble's spread "
                    + "gives the exploration bonus.");
    public static final Setting<Integer> PG_PROPOSALS = Setting.positiveInt("strategy.predictor-guided.proposals", "10",
            "Proposals per evaluated candidate (k): k x n proposals are scored, the n best evaluated.");
    public static final Setting<Integer> PG_RANDOM_PROPOSALS = Setting.atLeast("strategy.predictor-guided.random-proposals",
            "30", 0, "", "Uniform samples of the space per evaluated candidate, scored with the proposals (escapes a "
                    + "mediocre region).");
    public static final Setting<Integer> PG_WARMUP = Setting.atLeast("strategy.predictor-guided.warmup", "20", 2,
            "(evaluations)", "Evaluations made by the inner strategy alone before the surrogate is used.");
    public static final Setting<Double> PG_BONUS = Setting.number("strategy.predictor-guided.bonus", "1.25",
            "Weight of the ensemble's standard deviation in the ranking.")
            .require(b -> Double.isFinite(b) && b >= 0, "finite and >= 0");
    public static final Setting<String> PG_ACQUISITION = Setting.choice("strategy.predictor-guided.acquisition", "ucb",
            "acquisition", () -> Registry.ACQUISITIONS, "How the bonus enters the ranking (one of: ucb, thompson): "
                    + "prediction + bonus x std, or prediction + bonus x std x a standard normal draw per candidate.");
    public static final Setting<Integer> PG_REFIT_EVERY = Setting.positiveInt("strategy.predictor-guided.refit-every", "5",
            "Evaluations between two refits of the surrogate.");
    public static final Setting<Double> PG_OBSERVED_WEIGHT = Setting.number("strategy.predictor-guided.observed-weight",
            "0.5", "Choosing the run's answer among the evaluated: weight of the observed (noisy) value against the "
                    + "surrogate's prediction.")
            .require(w -> w >= 0 && w <= 1, "in [0, 1]");
    public static final Setting<Double> PG_FLOOR_QUANTILE = Setting.number("strategy.predictor-guided.floor-quantile", "0.5",
            "The proposals are ranked by a surrogate fit with the history's values below this quantile raised to it (0 = off).")
            .require(q -> q >= 0 && q < 1, "in [0, 1)");

    public static final Setting<String> EE_INNER = Setting.choice("strategy.ee-pi.inner", "nsga2", "strategy",
            () -> Registry.STRATEGIES, "The strategy that proposes the candidates and runs the search afterwards ("
                    + INNER_NAMES + "; not ee-pi itself).")
            .check(name -> name.equals(EarlyExitInit.NAME) ? "cannot be ee-pi itself" : null);
    public static final Setting<Double> EE_MAX_PARAMS = Setting.number("strategy.ee-pi.max-params", "1.0e6",
            "Parameter ceiling of the initial population.").require(p -> !Double.isNaN(p), "a number");
    public static final Setting<Integer> EE_POPULATION = Setting.positiveInt("strategy.ee-pi.population", "20",
            "How many initial candidates must pass the ceiling.");

    public static final Setting<Integer> DARTS_EPOCHS = Setting.positiveInt("strategy.darts.epochs", "8",
            "Epochs of the DARTS search (alternating w and α steps) on the driver, on the training part of "
                    + "evaluator.dl4j-train's data, in its skeleton (stem-channels, cells-per-stage) and with its recipe "
                    + "(optimizer, learning rate, cosine, batch size, weight decay, seed) but for the epochs.");
    public static final Setting<Double> DARTS_ALPHA_LEARNING_RATE = Setting.number("strategy.darts.alpha-learning-rate",
            "3.0e-4", "Adam learning rate of the architecture weights α (DARTS: 3e-4; β1 0.5, β2 0.999, α weight decay "
                    + "1e-3, half of the training images held out for the α steps).")
            .require(lr -> Double.isFinite(lr) && lr > 0, "finite and > 0");
    public static final Setting<Integer> DARTS_PARTIAL_CHANNELS = Setting.positiveInt("strategy.darts.partial-channels",
            "1", "PC-DARTS' K: 1/K of each edge's channels go through its mixed op (1 = plain DARTS); must divide "
                    + "evaluator.dl4j-train.stem-channels.");
    public static final Setting<Boolean> DARTS_ARGMAX_INCLUDES_NONE = Setting.bool("strategy.darts.argmax-includes-none",
            "true", "Whether the argmax rule may pick none on an edge (NAS-Bench-201's DARTS does; the original DARTS "
                    + "does not).");
    public static final Setting<Integer> DARTS_PERTURBATION_IMAGES = Setting.atLeast("strategy.darts.perturbation-images",
            "0", 0, "(0 = all)", "Held-out images the perturbation rule scores each perturbed network on (0 = all).");
    public static final Setting<Integer> DARTS_CALIBRATION_BATCHES = Setting.atLeast("strategy.darts.calibration-batches",
            "4", 0, "(0 = none)", "Training batches on which the perturbation rule recalibrates BN statistics for each "
                    + "mixture it scores (0 = keep the search's).");

    public static final List<Setting<?>> SETTINGS = List.of(RE_POPULATION, RE_SAMPLE, NSGA2_POPULATION, NSGA2_CROSSOVER,
            ME_INITIAL_SAMPLES, ME_DESCRIPTORS, PG_INNER, PG_PREDICTOR, PG_PROPOSALS, PG_RANDOM_PROPOSALS, PG_WARMUP, PG_BONUS,
            PG_ACQUISITION, PG_REFIT_EVERY, PG_OBSERVED_WEIGHT, PG_FLOOR_QUANTILE, EE_INNER, EE_MAX_PARAMS, EE_POPULATION,
            DARTS_EPOCHS, DARTS_ALPHA_LEARNING_RATE, DARTS_PARTIAL_CHANNELS, DARTS_ARGMAX_INCLUDES_NONE,
            DARTS_PERTURBATION_IMAGES, DARTS_CALIBRATION_BATCHES);

    private StrategySettings() {
    }

    /**
     * {@code strategy.darts.*} over {@link io.sparknas.evaluation.darts.DartsSettings#defaults} in the skeleton of
     * {@code evaluator.dl4j-train} (stem channels, cells per stage); the settings' own checks (K divides C) throw
     * IllegalArgumentException, which {@link Registry} reports naming {@code strategy.darts}.
     */
    public static io.sparknas.evaluation.darts.DartsSettings darts(NasConfig config) {
        return io.sparknas.evaluation.darts.DartsSettings.defaults(TrainingEvaluators.STEM_CHANNELS.get(config),
                        TrainingEvaluators.CELLS_PER_STAGE.get(config))
                .withAlphaLearningRate(DARTS_ALPHA_LEARNING_RATE.get(config))
                .withPartialChannels(DARTS_PARTIAL_CHANNELS.get(config))
                .withArgmaxIncludesNone(DARTS_ARGMAX_INCLUDES_NONE.get(config))
                .withPerturbationImages(DARTS_PERTURBATION_IMAGES.get(config))
                .withCalibrationBatches(DARTS_CALIBRATION_BATCHES.get(config));
    }

    /** {@code strategy.regularized-evolution.*}, the sample at most the population. */
    public record RegularizedEvolution(int population, int sample) {
        public static RegularizedEvolution from(NasConfig config) {
            int population = RE_POPULATION.get(config);
            int sample = RE_SAMPLE.get(config);
            if (sample > population) {
                throw RE_SAMPLE.error("must be in 1.." + population + " (at most the population), got " + sample);
            }
            return new RegularizedEvolution(population, sample);
        }
    }

    /** {@code strategy.map-elites.descriptors}: objects with metric, min, max, bins. */
    public static List<MapElites.Descriptor> mapElitesDescriptors(NasConfig config) {
        try {
            return ME_DESCRIPTORS.get(config).stream().map(d -> new MapElites.Descriptor(
                    d.getString("metric"), d.getDouble("min"), d.getDouble("max"), d.getInt("bins"))).toList();
        } catch (com.typesafe.config.ConfigException | IllegalArgumentException e) {
            throw ME_DESCRIPTORS.error(": " + e.getMessage(), e);
        }
    }

    /** {@code strategy.predictor-guided.*} but inner and predictor, which {@link Registry} builds. */
    public static PredictorGuided.Settings predictorGuided(NasConfig config) {
        return new PredictorGuided.Settings(PG_PROPOSALS.get(config), PG_RANDOM_PROPOSALS.get(config), PG_WARMUP.get(config),
                PG_BONUS.get(config), io.sparknas.population.strategy.Acquisition.byName(PG_ACQUISITION.get(config)),
                PG_REFIT_EVERY.get(config), PG_OBSERVED_WEIGHT.get(config), PG_FLOOR_QUANTILE.get(config));
    }
}
