package io.sparknas.jobs.bench;

import io.sparknas.jobs.bench.benchmark.BenchmarkJob;
import io.sparknas.jobs.bench.benchmark.BenchmarkPool;
import io.sparknas.jobs.bench.latency.LatencyBenchJob;
import io.sparknas.jobs.bench.latency.ProfileLatencyJob;
import io.sparknas.jobs.bench.predictor.PredictorBenchJob;
import io.sparknas.jobs.bench.store.CommitCostJob;
import io.sparknas.jobs.bench.throughput.ThroughputJob;
import io.sparknas.jobs.bench.train.TrainBenchJob;
import io.sparknas.jobs.bench.zerocost.ZeroCostBenchJob;
import io.sparknas.jobs.cli.NasCli.ConfiguredCommand;
import io.sparknas.jobs.cli.NasCli.JobCommand;
import io.sparknas.jobs.config.NasConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code bin/nas bench …}: the measurement tools, kept apart from the user's commands. Each has a short
 * name in the group and keeps the top-level name it had before the group (scripts and DAGs call those):
 * in the group that name is an alias listed beside the short one; at the top level
 * ({@code bin/nas latency-bench}) it runs the same command with the same options, hidden from
 * {@code bin/nas --help}. With no tool named, the group is bad input like a missing command (exit 2).
 */
@Command(name = "bench", modelTransformer = BenchCommands.Tools.class,
        description = "Measurement tools: strategies, predictors, latency models, throughput, training speed.")
public final class BenchCommands {
    /** One tool: its name in the group, its top-level name from before the group (null: newer than the group), what it does. */
    private record Tool(String name, String oldName, String description, Supplier<ConfiguredCommand> command) {
        CommandLine commandLine() {
            CommandLine cli = new CommandLine(command.get());
            cli.getCommandSpec().usageMessage().description(description);
            return cli;
        }
    }

    /** In the order {@code bench --help} lists them. */
    private static final List<Tool> TOOLS = List.of(
            new Tool("benchmark", "benchmark", "Seeds x strategies on a tabular benchmark (no Delta needed).",
                    () -> new JobCommand(BenchmarkJob::run)),
            new Tool("pool", "benchmark-pool", "Pool several benchmark --summary-json files per strategy: mean ± std "
                    + "over all seeds, pooled median queries to the optimum, differences paired by seed.", Pool::new),
            new Tool("latency", "latency-bench", "Fit latency models on K measured cells per device; rank the rest.",
                    () -> new JobCommand(LatencyBenchJob::run)),
            new Tool("profile-latency", "profile-latency", "Measure NB201 inference latency on the executors into "
                    + "hardware_costs; fit a latency model on the rows.", () -> new JobCommand(ProfileLatencyJob::run)),
            new Tool("predictor", "predictor-bench", "Train predictor kinds on N architectures; rank all others.",
                    () -> new JobCommand(PredictorBenchJob::run)),
            new Tool("zero-cost", "zero-cost-bench", "Zero-cost proxies of sampled NB201 networks on the executors, "
                    + "ranked against a benchmark column.", () -> new JobCommand(ZeroCostBenchJob::run)),
            new Tool("throughput", "throughput", "Macro-space candidates generated, keyed, priced and predicted "
                    + "per second per core.", () -> new JobCommand(ThroughputJob::run)),
            new Tool("train", "train-bench", "Training images/s of one network: plain loop vs inside a Spark task.",
                    () -> new JobCommand(TrainBenchJob::run)),
            new Tool("commit-cost", null, "One generation's commit timed against the size of the "
                    + "evaluations table (filled with synthetic rows).", () -> new JobCommand(CommitCostJob::run)));

    /** Puts the tools in the group, each with its old name as an alias where that differs. */
    static final class Tools implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec group) {
            if (group.userObject() instanceof BenchCommands) { // not the tools, should they inherit the transformer
                for (Tool tool : TOOLS) {
                    CommandLine cli = tool.commandLine();
                    if (tool.oldName() != null && !tool.oldName().equals(tool.name())) {
                        cli.getCommandSpec().aliases(tool.oldName());
                    }
                    group.addSubcommand(tool.name(), cli);
                }
            }
            return group;
        }
    }

    /** Registers each tool under its old name at the top level ({@code root}), hidden from its help. */
    public static void addOldNames(CommandSpec root) {
        for (Tool tool : TOOLS) {
            if (tool.oldName() == null) {
                continue;
            }
            CommandLine cli = tool.commandLine();
            ((ConfiguredCommand) cli.getCommand()).aliasOf("bench " + tool.name());
            cli.getCommandSpec().usageMessage().hidden(true)
                    .description(tool.description(), "(The old name of: bench " + tool.name() + ".)");
            root.addSubcommand(tool.oldName(), cli);
        }
    }

    /** {@code bench pool}: reads JSON files only, so no Spark session is started. */
    static final class Pool extends ConfiguredCommand {
        @Parameters(paramLabel = "SUMMARY.json", arity = "1..*", description = "files written by benchmark --summary-json")
        List<Path> files = new ArrayList<>();

        @Option(names = "--baseline", paramLabel = "STRATEGY", description = "strategy the others are paired with "
                + "(default: " + BenchmarkPool.DEFAULT_BASELINE + " when present)")
        String baseline;

        @Override
        protected Object execute(NasConfig config) {
            return BenchmarkPool.run(files, baseline, System.out);
        }
    }
}
