package io.sparknas.jobs.search;

import io.sparknas.evaluation.Evaluator;
import io.sparknas.evaluation.FailuresAsRows;
import io.sparknas.evaluation.tabular.TabularEvaluator;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.data.BenchmarkTables;
import io.sparknas.population.Objective;
import io.sparknas.population.SearchSpace;
import io.sparknas.population.SearchStrategy;
import io.sparknas.population.space.Nb201Space;
import io.sparknas.population.strategy.RandomSearch;
import io.sparknas.population.strategy.RegularizedEvolution;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/**
 * The names a config may use for spaces, strategies and evaluators. A config can only pick from
 * these; it never names a class.
 */
public final class Registry {
    public static final List<String> SPACES = List.of(Nb201Space.NAME);
    public static final List<String> STRATEGIES = List.of(RandomSearch.NAME, RegularizedEvolution.NAME);
    public static final List<String> EVALUATORS = List.of(TabularEvaluator.NAME);

    private Registry() {
    }

    public static SearchSpace space(String name) {
        if (name.equals(Nb201Space.NAME)) {
            return new Nb201Space();
        }
        throw unknown("search space", name, SPACES);
    }

    public static SearchStrategy strategy(String name, SearchSpace space, Objective objective, NasConfig config) {
        try {
            return switch (name) {
                case RandomSearch.NAME -> new RandomSearch(space, objective);
                case RegularizedEvolution.NAME -> new RegularizedEvolution(space, objective,
                        config.getInt("strategy.regularized-evolution.population"),
                        config.getInt("strategy.regularized-evolution.sample"));
                default -> throw unknown("strategy", name, STRATEGIES);
            };
        } catch (IllegalArgumentException e) {
            throw new BadInputException("strategy." + name + ": " + e.getMessage(), e);
        }
    }

    /** The search objective of the tabular benchmark: its objective column, maximised. */
    public static Objective tabularObjective(NasConfig config) {
        return Objective.maximize(config.getRequiredString("benchmark.objective"));
    }

    public static Evaluator evaluator(String name, SparkSession spark, SearchSpace space, NasConfig config, long seed) {
        if (name.equals(TabularEvaluator.NAME)) {
            var data = BenchmarkTables.load(spark, space, config.getStringList("benchmark.tables"),
                    config.getRequiredString("benchmark.objective"), config.getRequiredString("benchmark.report"));
            return FailuresAsRows.wrap(new TabularEvaluator(data, config.getRequiredString("benchmark.fidelity"), seed));
        }
        throw unknown("evaluator", name, EVALUATORS);
    }

    private static BadInputException unknown(String what, String name, List<String> known) {
        return new BadInputException("unknown " + what + " '" + name + "' (known: " + String.join(", ", known) + ")");
    }
}
