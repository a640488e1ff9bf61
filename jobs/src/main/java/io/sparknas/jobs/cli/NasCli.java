package io.sparknas.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparknas.jobs.bench.benchmark.BenchmarkJob;
import io.sparknas.jobs.bench.benchmark.BenchmarkPool;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.Console;
import io.sparknas.jobs.config.Names;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.store.StoreSettings;
import io.sparknas.jobs.bench.latency.LatencyBenchJob;
import io.sparknas.jobs.bench.latency.ProfileLatencyJob;
import io.sparknas.jobs.bench.predictor.PredictorBenchJob;
import io.sparknas.jobs.predictors.TrainPredictorJob;
import io.sparknas.jobs.report.ReportJob;
import io.sparknas.jobs.bench.throughput.ThroughputJob;
import io.sparknas.jobs.search.GenerationListener;
import io.sparknas.jobs.search.SearchJob;
import io.sparknas.jobs.bench.train.TrainBenchJob;
import io.sparknas.jobs.spark.SparkSessions;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.SqlStatements;
import io.sparknas.jobs.bench.zerocost.ZeroCostBenchJob;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bin/nas <command> [--config FILE] [--set key=value]… [--summary-json FILE]}; the same class
 * is the main of the assembly jar under spark-submit. Exit codes: 0 ok, 2 bad input, 1 anything else.
 */
@Command(name = "nas", mixinStandardHelpOptions = true, version = "sparknas", scope = CommandLine.ScopeType.INHERIT,
        description = "Neural-architecture search as Spark jobs, every evaluation in Delta tables.",
        subcommands = {NasCli.Search.class, NasCli.Benchmark.class, NasCli.BenchmarkPoolCommand.class,
        NasCli.LatencyBench.class, NasCli.PredictorBenchCommand.class,
        NasCli.TrainPredictor.class, NasCli.Throughput.class, NasCli.Sql.class, NasCli.Report.class,
        NasCli.TrainBench.class, NasCli.ZeroCostBench.class, NasCli.ProfileLatency.class})
public final class NasCli {
    public static final int BAD_INPUT = 2;
    public static final int FAILURE = 1;

    /** Options every command takes. */
    static final class Common {
        @Option(names = "--config", paramLabel = "FILE", description = "HOCON config file")
        File config;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one config key (repeatable)")
        List<String> sets = new ArrayList<>();

        @Option(names = "--summary-json", paramLabel = "FILE", description = "write the command's summary as JSON")
        File summaryJson;

        @Option(names = "--dry-run", description = "print the resolved config and the equivalent spark-submit line; "
                + "start no Spark, write nothing")
        boolean dryRun;

        NasConfig load() {
            return NasConfig.load(config, sets);
        }

        /**
         * The summary is written after the run: a path it could never be written to is found now, before
         * the run, not after hours of work. Writes nothing (a missing folder is created only at the end).
         */
        void checkSummaryWritable() {
            if (summaryJson == null) {
                return;
            }
            File file = summaryJson.getAbsoluteFile();
            if (file.isDirectory()) {
                throw new BadInputException("--summary-json " + summaryJson + " is a folder, not a file");
            }
            if (file.exists()) {
                if (!file.canWrite()) {
                    throw new BadInputException("--summary-json " + summaryJson + " is not writable");
                }
                return;
            }
            File folder = file.getParentFile();
            while (folder != null && !folder.exists()) {
                folder = folder.getParentFile();
            }
            if (folder == null || !folder.isDirectory()) {
                throw new BadInputException("--summary-json " + summaryJson + ": " + folder + " is a regular file, not a folder");
            }
            if (!folder.canWrite()) {
                throw new BadInputException("--summary-json " + summaryJson + ": folder " + folder + " is not writable");
            }
        }

        void writeSummary(Object summary) throws IOException {
            if (summaryJson != null) {
                File folder = summaryJson.getAbsoluteFile().getParentFile();
                if (folder != null) {
                    folder.mkdirs(); // e.g. a per-date folder of the Airflow DAG
                }
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(summaryJson, summary);
            }
        }
    }

    /** A command that loads the config, runs (or prints what it would run), and writes its summary. */
    abstract static class ConfiguredCommand implements Callable<Integer> {
        @Mixin
        Common common;

        @Spec
        CommandSpec spec;

        /** Checks the command's own options, before anything runs (and in a dry run too). */
        void check() {
        }

        /** @return the command's summary, written as JSON when {@code --summary-json} is given (may be null) */
        abstract Object execute(NasConfig config);

        @Override
        public Integer call() throws IOException {
            NasConfig config = common.load();
            common.checkSummaryWritable();
            check();
            if (common.dryRun) {
                DryRun.print(spec, config, spec.commandLine().getOut());
                return 0;
            }
            Object summary = execute(config);
            if (summary != null) {
                common.writeSummary(summary);
            }
            return 0;
        }
    }

    /** A command that runs on the Spark session the config describes. */
    abstract static class SparkCommand extends ConfiguredCommand {
        abstract Object run(SparkSession spark, NasConfig config);

        @Override
        final Object execute(NasConfig config) {
            return run(SparkSessions.getOrCreate(config), config);
        }
    }

    @Command(name = "search", description = "Run a search, or resume an unfinished run (--run-id).")
    static final class Search extends SparkCommand {
        @Option(names = "--run-id", description = "run id; an unfinished run resumes, a finished one is a no-op")
        String runId;

        @Override
        void check() {
            if (runId != null) {
                Names.check("--run-id", runId);
            }
        }

        @Override
        Object run(SparkSession spark, NasConfig config) {
            return new SearchJob(spark, new GenerationListener() { }).run(config, runId);
        }
    }

    @Command(name = "benchmark", description = "Seeds x strategies on a tabular benchmark (no Delta needed).")
    static final class Benchmark extends SparkCommand {
        @Override
        Object run(SparkSession spark, NasConfig config) {
            return BenchmarkJob.run(spark, config, System.out);
        }
    }

    @Command(name = "benchmark-pool", description = "Pool several benchmark --summary-json files per strategy: "
            + "mean ± std over all seeds, pooled median queries to the optimum, differences paired by seed.")
    static final class BenchmarkPoolCommand extends ConfiguredCommand {
        @Parameters(paramLabel = "SUMMARY.json", arity = "1..*", description = "files written by benchmark --summary-json")
        List<Path> files = new ArrayList<>();

        @Option(names = "--baseline", paramLabel = "STRATEGY", description = "strategy the others are paired with "
                + "(default: " + BenchmarkPool.DEFAULT_BASELINE + " when present)")
        String baseline;

        /** Reads JSON files only: no Spark session is started. */
        @Override
        Object execute(NasConfig config) {
            return BenchmarkPool.run(files, baseline, System.out);
        }
    }

    @Command(name = "latency-bench", description = "Fit latency models on K measured cells per device; rank the rest.")
    static final class LatencyBench extends SparkCommand {
        @Override
        Object run(SparkSession spark, NasConfig config) {
            return LatencyBenchJob.run(spark, config, System.out);
        }
    }

    @Command(name = "predictor-bench", description = "Train predictor kinds on N architectures; rank all others.")
    static final class PredictorBenchCommand extends SparkCommand {
        @Override
        Object run(SparkSession spark, NasConfig config) {
            return PredictorBenchJob.run(spark, config, System.out);
        }
    }

    @Command(name = "train-predictor", description = "Fit a predictor on the store's evaluations; record it in predictors.")
    static final class TrainPredictor extends SparkCommand {
        @Override
        Object run(SparkSession spark, NasConfig config) {
            return TrainPredictorJob.run(spark, config, System.out);
        }
    }

    @Command(name = "throughput", description = "Macro-space candidates generated, keyed, priced and predicted per second per core.")
    static final class Throughput extends SparkCommand {
        @Override
        Object run(SparkSession spark, NasConfig config) {
            return ThroughputJob.run(spark, config, System.out);
        }
    }

    @Command(name = "train-bench", description = "Training images/s of one network: plain loop vs inside a Spark task.")
    static final class TrainBench extends SparkCommand {
        @Override
        Object run(SparkSession spark, NasConfig config) {
            return TrainBenchJob.run(spark, config, System.out);
        }
    }

    @Command(name = "zero-cost-bench", description = "Zero-cost proxies of sampled NB201 networks on the executors, ranked against a benchmark column.")
    static final class ZeroCostBench extends SparkCommand {
        @Override
        Object run(SparkSession spark, NasConfig config) {
            return ZeroCostBenchJob.run(spark, config, System.out);
        }
    }

    @Command(name = "profile-latency", description = "Measure NB201 inference latency on the executors into hardware_costs; fit a latency model on the rows.")
    static final class ProfileLatency extends SparkCommand {
        @Override
        Object run(SparkSession spark, NasConfig config) {
            return ProfileLatencyJob.run(spark, config, System.out);
        }
    }

    @Command(name = "sql", description = "Query the result tables (views named after the tables, and pareto_front).")
    static final class Sql extends SparkCommand {
        @Parameters(paramLabel = "QUERY", description = "Spark SQL, e.g. \"SELECT count(*) FROM evaluations\"")
        String query;

        @Option(names = "--rows", description = "rows to print (default ${DEFAULT-VALUE})")
        int rows = 50;

        @Option(names = "--allow-writes", description = SqlStatements.ALLOW_WRITES + " (without it: queries only)")
        boolean allowWrites;

        @Override
        void check() {
            if (rows < 1) {
                throw new BadInputException("--rows must be >= 1, got " + rows);
            }
        }

        @Override
        Object run(SparkSession spark, NasConfig config) {
            SqlStatements.check(spark, query, allowWrites); // before the store is opened: the cheap refusal first
            new ResultStore(spark, StoreSettings.path(config)).checkExisting().registerViews();
            SqlStatements.run(spark, query, allowWrites).show(rows, false);
            return null;
        }
    }

    @Command(name = "report", description = "Write an HTML page with PNG plots of one run.")
    static final class Report extends SparkCommand {
        @Option(names = "--run-id", required = true, description = "the run to report on")
        String runId;

        @Option(names = "--out", paramLabel = "DIR", description = "folder of the page (default: reports/<run-id>)")
        File out;

        private File folder() {
            return out != null ? out : new File("reports", Names.check("--run-id", runId));
        }

        @Override
        void check() {
            ReportJob.checkTarget(folder().toPath());
        }

        @Override
        Object run(SparkSession spark, NasConfig config) {
            File folder = folder();
            Map<String, Object> summary = ReportJob.run(spark, StoreSettings.path(config), runId, folder.toPath());
            System.out.println("report: " + summary.get("index"));
            return summary;
        }
    }

    public static int execute(String... args) {
        return execute(new PrintWriter(System.err, true), args);
    }

    /** Runs one command; bad input is reported as one line on {@code err}. */
    public static int execute(PrintWriter err, String... args) {
        return execute(new PrintWriter(System.out, true), err, args);
    }

    /** As {@link #execute(PrintWriter, String...)}, with picocli's own output (usage, --dry-run) on {@code out}. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new NasCli()).setOut(out).setErr(err);
        // an unknown option or command is bad input like any other: one line, exit 2 (not the usage text)
        cli.setParameterExceptionHandler((e, args1) -> {
            Console.silence();
            e.getCommandLine().getErr().println("sparknas: " + e.getMessage().lines().findFirst().orElse("")
                    + " (see --help)");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (Interrupt.received()) {
                return Interrupt.EXIT_CODE; // the interrupt's own line is all that is said
            }
            if (e instanceof BadInputException) {
                Console.silence();
                commandLine.getErr().println("sparknas: " + e.getMessage());
                return BAD_INPUT;
            }
            Console.inputChecked(); // the log up to the failure, then the failure
            e.printStackTrace(commandLine.getErr());
            commandLine.getErr().println("sparknas: failed: " + e);
            return FAILURE;
        });
        return cli.execute(args);
    }

    public static void main(String[] args) {
        HeldBackAppender held = HeldBackAppender.install();
        if (held != null) {
            Console.setLog(held::open, held::discard);
        }
        Interrupt.install(System.err);
        int code = execute(args);
        if (code == BAD_INPUT) {
            Console.silence();
        } else {
            Console.inputChecked();
        }
        SparkSession.getActiveSession().foreach(session -> {
            session.stop();
            return null;
        });
        System.exit(code);
    }
}
