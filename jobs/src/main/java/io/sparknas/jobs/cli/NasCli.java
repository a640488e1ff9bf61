package io.sparknas.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparknas.jobs.bench.BenchCommands;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.config.Console;
import io.sparknas.jobs.config.Names;
import io.sparknas.jobs.config.NasConfig;
import io.sparknas.jobs.store.StoreSettings;
import io.sparknas.jobs.models.ExportJob;
import io.sparknas.jobs.models.TrainFinalJob;
import io.sparknas.jobs.supernet.TrainSupernetJob;
import io.sparknas.jobs.predictors.TrainPredictorJob;
import io.sparknas.jobs.report.ReportJob;
import io.sparknas.jobs.engine.GenerationListener;
import io.sparknas.jobs.search.SearchJob;
import io.sparknas.jobs.spark.SparkSessions;
import io.sparknas.jobs.store.PlatformCatalog;
import io.sparknas.jobs.store.ResultStore;
import io.sparknas.jobs.store.SqlStatements;
import io.sparknas.jobs.store.Tables;
import io.sparknas.jobs.store.Columns;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.apache.spark.sql.functions.col;

/**
 * {@code bin/nas <command> [--config FILE] [--set key=value]… [--summary-json FILE]}; the same class
 * is the main of the assembly jar under spark-submit. Exit codes: 0 ok, 2 bad input, 1 anything else.
 * The user's commands are here; the measurement tools are the {@code bench} group ({@link BenchCommands}),
 * whose old top-level names (benchmark, latency-bench, …) still run, hidden from {@code --help}.
 */
@Command(name = "nas", mixinStandardHelpOptions = true, versionProvider = Versions.class, scope = CommandLine.ScopeType.INHERIT,
        description = "Neural-architecture search as Spark jobs, every evaluation in Delta tables.",
        subcommands = {NasCli.Search.class, NasCli.Runs.class, NasCli.TrainPredictor.class, NasCli.TrainFinal.class,
        NasCli.TrainSupernet.class,
        NasCli.Export.class, NasCli.Sql.class, NasCli.Report.class, NasCli.Maintain.class, BenchCommands.class},
        modelTransformer = NasCli.OldBenchNames.class)
public final class NasCli implements Runnable {
    public static final int BAD_INPUT = 2;
    public static final int FAILURE = 1;

    @Spec
    CommandSpec spec;

    /** {@code nas} alone: the usage, as {@code --help} prints it. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every command takes. */
    public static final class Common {
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
    public abstract static class ConfiguredCommand implements Callable<Integer> {
        @Mixin
        Common common;

        @Spec
        CommandSpec spec;

        /** Set on a hidden alias: the command it stands for ("bench latency"), named in the dry run's line. */
        private String aliasOf;

        /** Checks the command's own options, before anything runs (and in a dry run too). */
        protected void check() {
        }

        /** @return the command's summary, written as JSON when {@code --summary-json} is given (may be null) */
        protected abstract Object execute(NasConfig config);

        /** Marks this command as a hidden alias of {@code command} (the words after {@code nas}). */
        public final ConfiguredCommand aliasOf(String command) {
            aliasOf = command;
            return this;
        }

        /** The words after {@code nas} that name this command: the one it stands for when it is an alias. */
        final String commandName() {
            return aliasOf != null ? aliasOf : spec.qualifiedName(" ").substring(spec.root().name().length() + 1);
        }

        @Override
        public Integer call() throws IOException {
            NasConfig config = common.load();
            common.checkSummaryWritable();
            check();
            if (common.dryRun) {
                DryRun.print(spec, commandName(), config, spec.commandLine().getOut());
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
        protected final Object execute(NasConfig config) {
            return run(SparkSessions.getOrCreate(config), config);
        }
    }

    /** A Spark command that is one job's {@code run(spark, config, out)}: it prints to stdout, returns its summary. */
    public static class JobCommand extends SparkCommand {
        /** A job's entry point, e.g. {@code LatencyBenchJob::run}. */
        public interface Job {
            Object run(SparkSession spark, NasConfig config, PrintStream out);
        }

        private final Job job;

        public JobCommand(Job job) {
            this.job = job;
        }

        @Override
        final Object run(SparkSession spark, NasConfig config) {
            return job.run(spark, config, System.out);
        }
    }

    /**
     * The bench tools' names from before the bench group (scripts and DAGs call them), registered at the top
     * level hidden from {@code --help}. Picocli hands an inherited transformer to every subcommand too: only
     * the root is changed.
     */
    static final class OldBenchNames implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            if (spec.userObject() instanceof NasCli) {
                BenchCommands.addOldNames(spec);
            }
            return spec;
        }
    }

    @Command(name = "search", description = "Run a search, or resume an unfinished run (--run-id).")
    static final class Search extends SparkCommand {
        @Option(names = "--run-id", description = "run id; an unfinished run resumes, a finished one is a no-op")
        String runId;

        @Override
        protected void check() {
            if (runId != null) {
                Names.check("--run-id", runId);
            }
        }

        @Override
        Object run(SparkSession spark, NasConfig config) {
            PrintWriter out = spec.commandLine().getOut();
            List<String> resume = new ArrayList<>(List.of("bin/nas"));
            resume.addAll(spec.commandLine().getParseResult().originalArgs());
            GenerationListener speaks = new GenerationListener() {
                @Override
                public void started(String id, String store, boolean resumed) {
                    if (runId == null) {
                        resume.addAll(List.of("--run-id", id));
                    }
                    out.println((resumed ? "resuming run " : "run ") + id + " (store " + store + ")");
                    out.println("if it stops, resume it with: " + RunSpeech.shellLine(resume));
                    out.flush();
                }
            };
            Map<String, Object> summary = new SearchJob(spark, speaks).run(config, runId);
            // store.register: the views again, now that the evaluations hold the run's metrics (the leaderboard's columns)
            PlatformCatalog.of(spark, config, new ResultStore(spark, StoreSettings.path(config))).register();
            RunSpeech.finished(summary, out);
            return summary;
        }
    }

    @Command(name = "runs", description = "List the store's runs, newest first: status, strategy, space, evaluations, "
            + "best, start and finish.")
    static final class Runs extends SparkCommand {
        @Mixin
        RowsOptions output;

        @Override
        protected void check() {
            output.check();
        }

        @Override
        Object run(SparkSession spark, NasConfig config) {
            ResultStore store = new ResultStore(spark, StoreSettings.path(config)).checkExisting();
            if (!store.exists(Tables.RUNS)) {
                throw new BadInputException(StoreSettings.PATH.key() + " " + store.root() + " holds no runs yet");
            }
            store.registerViews();
            output.print(spark.table(Tables.RUN_SUMMARY).orderBy(col(Columns.STARTED_AT).desc(), col(Columns.RUN_ID)),
                    spec.commandLine().getOut());
            return null;
        }
    }

    /** {@code --rows} and {@code --format}: how {@code sql} and {@code runs} print rows. */
    static final class RowsOptions {
        @Option(names = "--rows", description = "rows to print (default ${DEFAULT-VALUE})")
        int rows = 50;

        @Option(names = "--format", paramLabel = "FORMAT", description = RowsFormat.NAMES + " (default ${DEFAULT-VALUE})")
        String format = "table";

        void check() {
            if (rows < 1) {
                throw new BadInputException("--rows must be >= 1, got " + rows);
            }
            format();
        }

        private RowsFormat format() {
            try {
                return RowsFormat.parse(format);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
        }

        void print(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> data, PrintWriter out) {
            format().print(data, rows, out);
        }
    }

    @Command(name = "train-predictor", description = "Fit a predictor on the store's evaluations; record it in predictors.")
    static final class TrainPredictor extends JobCommand {
        TrainPredictor() {
            super(TrainPredictorJob::run);
        }
    }

    @Command(name = "maintain", description = "Compact the store's tables (OPTIMIZE), remove files older than "
            + "maintain.retention-hours that no version needs (VACUUM), turn on the change data feed of runs and "
            + "evaluations; refused while a search holds a run's lease.")
    static final class Maintain extends JobCommand {
        Maintain() {
            super(io.sparknas.jobs.maintain.MaintainJob::run);
        }
    }

    @Command(name = "train-supernet", description = "Train the NB201 weight-sharing supernet (checkpoint per epoch); "
            + "record it in supernets. search.evaluator = supernet then scores candidates by its weights.")
    static final class TrainSupernet extends JobCommand {
        TrainSupernet() {
            super(TrainSupernetJob::run);
        }
    }

    @Command(name = "train-final", description = "Train a finished run's best architectures at full fidelity on the "
            + "executors (checkpointed, resumable), measure them on the test split; record them in models.")
    static final class TrainFinal extends SparkCommand {
        @Option(names = "--run-id", required = true, description = "the finished run whose answer to train")
        String runId;

        @Option(names = "--top", paramLabel = "K", description = "train the run's K best architectures (default 1)")
        Integer top;

        @Option(names = "--front", description = "train every architecture on the run's Pareto front instead")
        boolean front;

        @Override
        protected void check() {
            Names.check("--run-id", runId);
            if (top != null && front) {
                throw new BadInputException("--top and --front exclude each other");
            }
            if (top != null && top < 1) {
                throw new BadInputException("--top must be >= 1, got " + top);
            }
        }

        @Override
        Object run(SparkSession spark, NasConfig config) {
            return TrainFinalJob.run(spark, config, System.out, runId, top == null ? 1 : top, front);
        }
    }

    @Command(name = "export", description = "Write a trained model (models table) as model.zip, genome.json, recipe.json "
            + "and MODEL_CARD.md into a new or empty folder.")
    static final class Export extends SparkCommand {
        @Option(names = "--model-id", required = true, description = "the model (models.model_id)")
        String modelId;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "a new or empty folder (or an earlier export)")
        File out;

        @Override
        protected void check() {
            Names.check("--model-id", modelId);
            ExportJob.checkTarget(out.toPath());
        }

        @Override
        Object run(SparkSession spark, NasConfig config) {
            return ExportJob.run(spark, config, System.out, modelId, out.toPath());
        }
    }

    @Command(name = "sql", description = "Query the result tables (views named after the tables, and pareto_front).")
    static final class Sql extends SparkCommand {
        @Parameters(paramLabel = "QUERY", description = "Spark SQL, e.g. \"SELECT count(*) FROM evaluations\"")
        String query;

        @Option(names = "--allow-writes", description = SqlStatements.ALLOW_WRITES + " (without it: queries only)")
        boolean allowWrites;

        @Mixin
        RowsOptions output;

        @Override
        protected void check() {
            output.check();
        }

        @Override
        Object run(SparkSession spark, NasConfig config) {
            SqlStatements.check(spark, query, allowWrites); // before the store is opened: the cheap refusal first
            long start = System.nanoTime();
            new ResultStore(spark, StoreSettings.path(config)).checkExisting().registerViews();
            long registered = System.nanoTime();
            output.print(SqlStatements.run(spark, query, allowWrites), spec.commandLine().getOut());
            // --summary-json: where the time went (the query alone, apart from opening the store's tables and views)
            Map<String, Object> summary = new java.util.LinkedHashMap<>();
            summary.put("register_seconds", (registered - start) / 1e9);
            summary.put("query_seconds", (System.nanoTime() - registered) / 1e9);
            return summary;
        }
    }

    @Command(name = "report", description = "Write an HTML page with PNG plots of one run.")
    static final class Report extends SparkCommand {
        @Option(names = "--run-id", description = "the run to report on (default: the store's latest run)")
        String runId;

        @Option(names = "--out", paramLabel = "DIR", description = "folder of the page (default: reports/<run-id>)")
        File out;

        private File folder(String run) {
            return out != null ? out : new File("reports", Names.check("--run-id", run));
        }

        @Override
        protected void check() {
            if (runId != null || out != null) { // else the folder is known once the latest run is
                ReportJob.checkTarget(folder(runId != null ? runId : "latest").toPath());
            }
        }

        @Override
        Object run(SparkSession spark, NasConfig config) {
            String run = runId != null ? runId : ReportJob.latestRun(spark, StoreSettings.path(config));
            File folder = folder(run);
            Map<String, Object> summary = ReportJob.run(spark, StoreSettings.path(config), run, folder.toPath());
            spec.commandLine().getOut().println("report of run " + run + ": " + summary.get("index"));
            spec.commandLine().getOut().flush();
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
