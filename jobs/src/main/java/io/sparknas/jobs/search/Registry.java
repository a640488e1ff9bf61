package io.sparknas.jobs.search;

import io.sparknas.jobs.engine.CostMetrics;
import io.sparknas.evaluation.Evaluator;
import io.sparknas.evaluation.FailuresAsRows;
import io.sparknas.evaluation.SuccessiveHalving;
import io.sparknas.evaluation.dl4j.Dl4jTrainingEvaluator;
import io.sparknas.evaluation.supernet.SupernetEvaluator;
import io.sparknas.evaluation.tabular.TabularEvaluator;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.HardwareSettings;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.config.Setting;
import io.sparknas.jobs.data.BenchmarkTables;
import io.sparknas.jobs.data.TabularSettings;
import io.sparknas.jobs.predictors.XgboostKeys;
import io.sparknas.jobs.supernet.SupernetEvaluators;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchStrategy;
import io.sparknas.population.space.MobileNetSpace;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.population.strategy.Acquisition;
import io.sparknas.population.strategy.EarlyExitInit;
import io.sparknas.population.strategy.MapElites;
import io.sparknas.population.strategy.Nsga2;
import io.sparknas.population.strategy.PredictorGuided;
import io.sparknas.population.proposal.Proposing;
import io.sparknas.population.strategy.RandomSearch;
import io.sparknas.predictor.PredictorKinds;
import io.sparknas.predictor.PredictorTrainer;
import io.sparknas.population.strategy.RegularizedEvolution;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/**
 * The names a config may use for spaces, strategies and evaluators. A config can only pick from
 * these; it never names a class.
 */
public final class Registry {
    public static final List<String> SPACES = List.of(Nb201Space.NAME, MobileNetSpace.NAME);
    public static final List<String> STRATEGIES =
            List.of(RandomSearch.NAME, RegularizedEvolution.NAME, Nsga2.NAME, MapElites.NAME, EarlyExitInit.NAME,
                    PredictorGuided.NAME, DartsStrategy.NAME);
    public static final List<String> EVALUATORS = List.of(TabularEvaluator.NAME, Dl4jTrainingEvaluator.NAME,
            SupernetEvaluator.NAME);
    /** Predictor kinds by name (nb201 has them all; {@link PredictorKinds} says which a space has). */
    public static final List<String> PREDICTOR_KINDS = PredictorKinds.NAMES_BY_SPACE.values().stream()
            .flatMap(List::stream).distinct().toList();
    /** How predictor-guided ranks proposals, by name. */
    public static final List<String> ACQUISITIONS = java.util.Arrays.stream(Acquisition.values())
            .map(Acquisition::configName).toList();

    private Registry() {
    }

    /** @param classes output classes of the networks, for spaces whose decoded networks carry them (CIFAR input) */
    public static SearchSpace space(String name, int classes) {
        return space(name, new HardwareSettings(classes, 3, 32));
    }

    /** The space for the networks {@code hardware.*} describes (classes; the mobilenet space's input shape). */
    public static SearchSpace space(String name, NasConfig config) {
        return space(name, HardwareSettings.from(config));
    }

    private static SearchSpace space(String name, HardwareSettings hardware) {
        return switch (name) {
            case Nb201Space.NAME -> new Nb201Space();
            case MobileNetSpace.NAME -> {
                try {
                    yield MobileNetSpace.forInput(hardware.inputChannels(), hardware.resolution(), hardware.classes());
                } catch (IllegalArgumentException e) { // a resolution the strides cannot halve often enough
                    throw HardwareSettings.RESOLUTION.error("= " + hardware.resolution() + ": " + e.getMessage(), e);
                }
            }
            default -> throw unknown("search space", name, SPACES);
        };
    }

    /** The space a command names in its own namespace, e.g. {@link SearchJobSettings#SPACE}. */
    public static SearchSpace space(NasConfig config, Setting<String> spaceSetting) {
        return space(spaceSetting.get(config), config);
    }

    /** A strategy whose surrogate (if any) scores proposals on the driver. */
    public static SearchStrategy strategy(String name, SearchSpace space, SearchGoals goals, NasConfig config) {
        return strategy(name, space, goals, config, PredictorSurrogate.onDriver());
    }

    /** A strategy whose surrogate (if any) scores with {@code scoring}; proposal rounds run on the driver. */
    public static SearchStrategy strategy(String name, SearchSpace space, SearchGoals goals, NasConfig config,
                                          PredictorSurrogate.Scoring scoring) {
        return strategy(name, space, goals, config, scoring, Proposing.local());
    }

    /**
     * @param scoring   where a predictor-guided strategy scores its proposals when it asks its inner strategy for a list
     * @param proposing where it runs the partitions of a proposal round (inner strategies with a breeder)
     */
    public static SearchStrategy strategy(String name, SearchSpace space, SearchGoals goals, NasConfig config,
                                          PredictorSurrogate.Scoring scoring, Proposing proposing) {
        Objective primary = goals.primary();
        try {
            return switch (name) {
                case RandomSearch.NAME -> new RandomSearch(space, primary);
                case RegularizedEvolution.NAME -> {
                    StrategySettings.RegularizedEvolution settings = StrategySettings.RegularizedEvolution.from(config);
                    yield new RegularizedEvolution(space, primary,
                            fits(StrategySettings.RE_POPULATION, settings.population(), space), settings.sample());
                }
                case Nsga2.NAME -> new Nsga2(space, goals.objectives(), goals.constraints(),
                        population(config, StrategySettings.NSGA2_POPULATION, space), StrategySettings.NSGA2_CROSSOVER.get(config));
                case MapElites.NAME -> new MapElites(space, primary, StrategySettings.mapElitesDescriptors(config),
                        population(config, StrategySettings.ME_INITIAL_SAMPLES, space));
                case EarlyExitInit.NAME -> earlyExit(space, goals, config, scoring, proposing);
                case PredictorGuided.NAME -> predictorGuided(space, goals, config, scoring, proposing);
                case DartsStrategy.NAME -> darts(space, primary, config);
                default -> throw unknown("strategy", name, STRATEGIES);
            };
        } catch (IllegalArgumentException e) {
            // the keys' own checks come first; what is left is a rule across keys, kept by the strategy
            throw new BadInputException("strategy." + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * A population size (or initial sample) that the space can fill with distinct architectures: a
     * larger one would make the strategy resample forever. Non-positive values are the strategy's to refuse.
     */
    private static int population(NasConfig config, Setting<Integer> setting, SearchSpace space) {
        return fits(setting, setting.get(config), space);
    }

    private static int fits(Setting<Integer> setting, int size, SearchSpace space) {
        if (java.math.BigInteger.valueOf(size).compareTo(space.size()) > 0) {
            throw setting.error("= " + size + " is larger than the " + space.name() + " space (" + space.size()
                    + " architectures)");
        }
        return size;
    }

    /** EEEA-Net's early-exit initialisation around another strategy, on analytic parameter counts. */
    private static SearchStrategy earlyExit(SearchSpace space, SearchGoals goals, NasConfig config,
                                            PredictorSurrogate.Scoring scoring, Proposing proposing) {
        String inner = StrategySettings.EE_INNER.get(config);
        CostMetrics params = CostMetrics.forMetrics(List.of("params"), HardwareSettings.classes(config));
        return new EarlyExitInit(strategy(inner, space, goals, config, scoring, proposing), space,
                genome -> params.of(space.decode(genome)).get("params"), StrategySettings.EE_MAX_PARAMS.get(config),
                population(config, StrategySettings.EE_POPULATION, space));
    }

    /**
     * DARTS on the NB201 cell, searching on {@code evaluator.dl4j-train}'s data (its files checked, or its table or
     * image folder read, here: before anything is written) at its first ask; any other space is refused.
     */
    private static SearchStrategy darts(SearchSpace space, Objective primary, NasConfig config) {
        if (!(space instanceof Nb201Space)) {
            throw new BadInputException("search.strategy = darts needs search.space = " + Nb201Space.NAME
                    + " (DARTS searches the NB201 cell), got search.space = " + space.name());
        }
        var settings = StrategySettings.darts(config);
        var recipe = TrainingEvaluators.recipe(config).withEpochs(StrategySettings.DARTS_EPOCHS.get(config));
        SparkSession spark = TrainingEvaluators.format(config).supplied() ? SparkSession.active() : null;
        var data = TrainingEvaluators.dataset(spark, config);
        return new DartsStrategy(space, primary, DartsStrategy.searching(data, recipe, settings));
    }

    /** A surrogate-filtered wrapper around {@code strategy.predictor-guided.inner}. */
    private static SearchStrategy predictorGuided(SearchSpace space, SearchGoals goals, NasConfig config,
                                                  PredictorSurrogate.Scoring scoring, Proposing proposing) {
        String inner = StrategySettings.PG_INNER.get(config);
        PredictorTrainer trainer;
        String kind = StrategySettings.PG_PREDICTOR.get(config);
        try {
            trainer = PredictorKinds.byKind(space, kind, XgboostKeys.read(config));
        } catch (IllegalArgumentException e) { // a kind the space does not have
            throw StrategySettings.PG_PREDICTOR.error(": " + e.getMessage(), e);
        }
        return new PredictorGuided(strategy(inner, space, goals, config, scoring, proposing), space, goals.primary(),
                new PredictorSurrogate(space, trainer, scoring), StrategySettings.predictorGuided(config), proposing);
    }

    /**
     * @param report the column the command reports (the tabular evaluator reads it from the tables with the
     *               objective); other evaluators ignore it
     */
    public static Evaluator evaluator(String name, SparkSession spark, SearchSpace space, SearchGoals goals, String report,
                                      NasConfig config, long seed) {
        if (name.equals(TabularEvaluator.NAME)) {
            TabularSettings tabular = TabularSettings.from(config);
            var data = BenchmarkTables.load(spark, space, tabular.tables(), tabular.objective(), report,
                    goals.tableColumns(tabular.objective(), report));
            return FailuresAsRows.wrap(new TabularEvaluator(data, tabular.fidelity(), seed));
        }
        if (name.equals(Dl4jTrainingEvaluator.NAME)) {
            return FailuresAsRows.wrap(TrainingEvaluators.from(spark, config, space));
        }
        if (name.equals(SupernetEvaluator.NAME)) {
            return FailuresAsRows.wrap(SupernetEvaluators.from(spark, config, space));
        }
        throw unknown("evaluator", name, EVALUATORS);
    }

    /**
     * The evaluator's successive-halving rungs ({@code evaluator.dl4j-train.fidelities}, reduction
     * {@link SuccessiveHalvingSettings#ETA}); any other evaluator, or no fidelities, is a single rung.
     */
    public static SuccessiveHalving rungs(Evaluator evaluator, Objective objective, NasConfig config) {
        Evaluator inner = evaluator instanceof FailuresAsRows wrapped ? wrapped.inner() : evaluator;
        List<Integer> epochs = inner instanceof Dl4jTrainingEvaluator ? TrainingEvaluators.fidelities(config) : List.of();
        List<Evaluator> rungs = epochs.isEmpty() ? List.of(evaluator)
                : epochs.stream().map(e -> FailuresAsRows.wrap(((Dl4jTrainingEvaluator) inner).withEpochs(e))).toList();
        return new SuccessiveHalving(rungs, SuccessiveHalvingSettings.ETA.get(config), objective);
    }

    private static BadInputException unknown(String what, String name, List<String> known) {
        return new BadInputException("unknown " + what + " '" + name + "' (known: " + String.join(", ", known) + ")");
    }
}
