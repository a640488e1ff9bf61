package io.sparknas.jobs.bench.benchmark;

import io.sparknas.evaluation.tabular.TabularData;
import io.sparknas.jobs.config.HardwareSettings;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.data.BenchmarkTables;
import io.sparknas.jobs.data.TabularSettings;
import io.sparknas.jobs.engine.CostMetrics;
import io.sparknas.jobs.prior.PriorSettings;
import io.sparknas.jobs.prior.Priors;
import io.sparknas.jobs.search.Registry;
import io.sparknas.jobs.search.SearchGoals;
import io.sparknas.population.SearchSpace;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code benchmark} command: seeds x strategies on a tabular benchmark, no Delta involved. */
public final class BenchmarkJob {
    private BenchmarkJob() {
    }

    public static List<StrategySummary> run(SparkSession spark, NasConfig config, PrintStream out) {
        BenchmarkSettings settings = BenchmarkSettings.from(config);
        TabularSettings tabular = TabularSettings.from(config);
        SearchSpace space = Registry.space(config, BenchmarkSettings.SPACE);
        String objectiveColumn = tabular.objective();
        String reportColumn = settings.report();
        List<String> strategies = settings.strategies();
        int budget = settings.budget();
        int seeds = settings.seeds();
        long firstSeed = settings.firstSeed();
        SearchGoals goals = BenchmarkSettings.goals(config);
        strategies.forEach(name -> Registry.strategy(name, space, goals, config)); // fail on a bad name before any work

        TabularData data = BenchmarkTables.load(spark, space, tabular.tables(), objectiveColumn,
                reportColumn, goals.tableColumns(objectiveColumn, reportColumn));
        CostMetrics costs = CostMetrics.forMetrics(goals.metrics(), HardwareSettings.classes(config));
        FrontQuality fronts = goals.isMultiObjective() ? new FrontQuality(data, space, goals, costs) : null;
        BenchmarkRunner runner = new BenchmarkRunner(space, data, tabular.fidelity(), budget,
                settings.batch(), costs);
        // one prior for every seed, read from a real store; the benchmark's own tables are its cache, not a source
        Priors.Resolved prior = Priors.resolve(spark, config, space, goals.primary(), List.of(data.digest()), null, null);
        PriorSettings priorSettings = PriorSettings.from(config);
        Map<String, List<BenchmarkRunner.RunResult>> results = runner.runAll(strategies,
                name -> prior.wrap(Registry.strategy(name, space, goals, config), space, goals.primary(), priorSettings),
                firstSeed, seeds);

        List<StrategySummary> summaries = new ArrayList<>();
        // a strategy with a prior is labelled apart, so that benchmark-pool pairs it with the same strategy cold
        String label = prior.prior().isPresent() ? "+" + priorSettings.source() + "-prior" : "";
        results.forEach((name, runs) -> summaries.add(StrategySummary.of(name + label, runs, data, budget, firstSeed, fronts)));
        if (!PriorSettings.NONE.equals(priorSettings.source())) {
            out.println("prior: " + prior.description());
        }
        print(out, data, summaries);
        return summaries;
    }

    private static void print(PrintStream out, TabularData data, List<StrategySummary> summaries) {
        out.printf("benchmark: %d architectures, search on %s, report %s (optimum %.2f, random architecture %.2f)%n",
                data.size(), data.objectiveColumn(), data.reportColumn(), data.bestReport(), data.meanReport());
        out.printf("%-24s %7s %6s %8s %7s %7s %10s %10s %14s %9s%n", "strategy", "budget", "seeds", "mean", "std",
                "median", "q->opt", "rel.impr%", "HV ratio", "coverage");
        for (StrategySummary s : summaries) {
            out.printf("%-24s %7d %6d %8.3f %7.3f %7.3f %10s %10.2f %14s %9s%n", s.strategy(), s.budget(), s.seeds(),
                    s.reportMean(), s.reportStd(), s.reportMedian(),
                    s.queriesToOptimumMedian() == null ? "never" : String.format("%.0f", s.queriesToOptimumMedian()),
                    s.relativeImprovement(),
                    s.hypervolumeRatioMean() == null ? "-"
                            : String.format("%.4f ± %.4f", s.hypervolumeRatioMean(), s.hypervolumeRatioStd()),
                    s.coverageMean() == null ? "-" : String.format("%.3f", s.coverageMean()));
        }
    }
}
