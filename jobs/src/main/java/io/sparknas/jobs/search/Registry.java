package io.sparknas.jobs.search;

import io.sparknas.evaluation.Evaluator;
import io.sparknas.evaluation.FailuresAsRows;
import io.sparknas.evaluation.SuccessiveHalving;
import io.sparknas.evaluation.dl4j.Dl4jTrainingEvaluator;
import io.sparknas.evaluation.tabular.TabularEvaluator;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.data.BenchmarkTables;
import io.sparknas.jobs.predictors.XgboostKeys;
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
                    PredictorGuided.NAME);
    public static final List<String> EVALUATORS = List.of(TabularEvaluator.NAME, Dl4jTrainingEvaluator.NAME);

    private Registry() {
    }

    /** @param classes output classes of the networks, for spaces whose decoded networks carry them */
    public static SearchSpace space(String name, int classes) {
        return switch (name) {
            case Nb201Space.NAME -> new Nb201Space();
            case MobileNetSpace.NAME -> MobileNetSpace.cifar(classes);
            default -> throw unknown("search space", name, SPACES);
        };
    }

    public static SearchSpace space(NasConfig config) {
        return space(config.getString("search.space"), config.getPositiveInt("hardware.classes"));
    }

    /** A strategy whose surrogate (if any) scores proposals on the driver. */
    public static SearchStrategy strategy(String name, SearchSpace space, SearchGoals goals, NasConfig config) {
        return strategy(name, space, goals, config, PredictorSurrogate.onDriver());
    }

    /** @param scoring where a predictor-guided strategy scores its proposals */
    public static SearchStrategy strategy(String name, SearchSpace space, SearchGoals goals, NasConfig config,
                                          PredictorSurrogate.Scoring scoring) {
        Objective primary = goals.primary();
        try {
            return switch (name) {
                case RandomSearch.NAME -> new RandomSearch(space, primary);
                case RegularizedEvolution.NAME -> new RegularizedEvolution(space, primary,
                        population(config, "strategy.regularized-evolution.population", space),
                        config.getInt("strategy.regularized-evolution.sample"));
                case Nsga2.NAME -> new Nsga2(space, goals.objectives(), goals.constraints(),
                        population(config, "strategy.nsga2.population", space), config.getDouble("strategy.nsga2.crossover"));
                case MapElites.NAME -> new MapElites(space, primary, mapElitesDescriptors(config),
                        population(config, "strategy.map-elites.initial-samples", space));
                case EarlyExitInit.NAME -> earlyExit(space, goals, config, scoring);
                case PredictorGuided.NAME -> predictorGuided(space, goals, config, scoring);
                default -> throw unknown("strategy", name, STRATEGIES);
            };
        } catch (IllegalArgumentException e) {
            throw new BadInputException("strategy." + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * A population size (or initial sample) that the space can fill with distinct architectures: a
     * larger one would make the strategy resample forever. Non-positive values are the strategy's to refuse.
     */
    private static int population(NasConfig config, String key, SearchSpace space) {
        int size = config.getInt(key);
        if (java.math.BigInteger.valueOf(size).compareTo(space.size()) > 0) {
            throw new BadInputException("config key '" + key + "' = " + size + " is larger than the " + space.name()
                    + " space (" + space.size() + " architectures)");
        }
        return size;
    }

    /** EEEA-Net's early-exit initialisation around another strategy, on analytic parameter counts. */
    private static SearchStrategy earlyExit(SearchSpace space, SearchGoals goals, NasConfig config,
                                            PredictorSurrogate.Scoring scoring) {
        String inner = config.getString("strategy.ee-pi.inner");
        if (inner.equals(EarlyExitInit.NAME)) {
            throw new BadInputException("strategy.ee-pi.inner cannot be ee-pi itself");
        }
        CostMetrics params = CostMetrics.forMetrics(List.of("params"), config.getInt("hardware.classes"));
        return new EarlyExitInit(strategy(inner, space, goals, config, scoring), space,
                genome -> params.of(space.decode(genome)).get("params"), config.getDouble("strategy.ee-pi.max-params"),
                population(config, "strategy.ee-pi.population", space));
    }

    /** A surrogate-filtered wrapper around {@code strategy.predictor-guided.inner}. */
    private static SearchStrategy predictorGuided(SearchSpace space, SearchGoals goals, NasConfig config,
                                                  PredictorSurrogate.Scoring scoring) {
        String inner = config.getString("strategy.predictor-guided.inner");
        if (inner.equals(PredictorGuided.NAME)) {
            throw new BadInputException("strategy.predictor-guided.inner cannot be predictor-guided itself");
        }
        PredictorTrainer trainer;
        try {
            trainer = PredictorKinds.byKind(space, config.getString("strategy.predictor-guided.predictor"),
                    XgboostKeys.read(config, XgboostKeys.PREDICTOR));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("strategy.predictor-guided.predictor: " + e.getMessage(), e);
        }
        return new PredictorGuided(strategy(inner, space, goals, config, scoring), space, goals.primary(),
                new PredictorSurrogate(space, trainer, scoring), predictorGuidedSettings(config));
    }

    private static PredictorGuided.Settings predictorGuidedSettings(NasConfig config) {
        String prefix = "strategy.predictor-guided.";
        try {
            return new PredictorGuided.Settings(config.getInt(prefix + "proposals"), config.getInt(prefix + "random-proposals"),
                    config.getInt(prefix + "warmup"), config.getDouble(prefix + "bonus"),
                    Acquisition.byName(config.getString(prefix + "acquisition")), config.getInt(prefix + "refit-every"),
                    config.getDouble(prefix + "observed-weight"), config.getDouble(prefix + "floor-quantile"));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    /** {@code strategy.map-elites.descriptors}: objects with metric, min, max, bins. */
    public static List<MapElites.Descriptor> mapElitesDescriptors(NasConfig config) {
        try {
            return config.getObjectList("strategy.map-elites.descriptors").stream().map(d -> new MapElites.Descriptor(
                    d.getString("metric"), d.getDouble("min"), d.getDouble("max"), d.getInt("bins"))).toList();
        } catch (com.typesafe.config.ConfigException | IllegalArgumentException e) {
            throw new BadInputException("strategy.map-elites.descriptors: " + e.getMessage(), e);
        }
    }

    /** The search objective of the tabular benchmark: its objective column, maximised. */
    public static Objective tabularObjective(NasConfig config) {
        return Objective.maximize(config.getRequiredString("benchmark.objective"));
    }

    public static Evaluator evaluator(String name, SparkSession spark, SearchSpace space, SearchGoals goals, NasConfig config,
                                      long seed) {
        if (name.equals(TabularEvaluator.NAME)) {
            String objective = config.getRequiredString("benchmark.objective");
            String report = config.getRequiredString("benchmark.report");
            var data = BenchmarkTables.load(spark, space, config.getStringList("benchmark.tables"), objective, report,
                    goals.tableColumns(objective, report));
            return FailuresAsRows.wrap(new TabularEvaluator(data, config.getRequiredString("benchmark.fidelity"), seed));
        }
        if (name.equals(Dl4jTrainingEvaluator.NAME)) {
            return FailuresAsRows.wrap(TrainingEvaluators.from(config, space));
        }
        throw unknown("evaluator", name, EVALUATORS);
    }

    /**
     * The evaluator's successive-halving rungs ({@code evaluator.dl4j-train.fidelities}, reduction
     * {@code successive-halving.eta}); any other evaluator, or no fidelities, is a single rung.
     */
    public static SuccessiveHalving rungs(Evaluator evaluator, Objective objective, NasConfig config) {
        Evaluator inner = evaluator instanceof FailuresAsRows wrapped ? wrapped.inner() : evaluator;
        List<Integer> epochs = inner instanceof Dl4jTrainingEvaluator ? TrainingEvaluators.fidelities(config) : List.of();
        List<Evaluator> rungs = epochs.isEmpty() ? List.of(evaluator)
                : epochs.stream().map(e -> FailuresAsRows.wrap(((Dl4jTrainingEvaluator) inner).withEpochs(e))).toList();
        try {
            return new SuccessiveHalving(rungs, config.getDouble("successive-halving.eta"), objective);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    private static BadInputException unknown(String what, String name, List<String> known) {
        return new BadInputException("unknown " + what + " '" + name + "' (known: " + String.join(", ", known) + ")");
    }
}
