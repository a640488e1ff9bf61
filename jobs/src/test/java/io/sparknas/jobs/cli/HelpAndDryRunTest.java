package io.sparknas.jobs.cli;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --help and --dry-run on every command, old bench names included; no Spark is started here (the class shares no session). */
class HelpAndDryRunTest {
    /** Arguments a command requires besides the common options, by the command's own name. */
    private static final Map<String, List<String>> REQUIRED = Map.of("sql", List.of("SELECT 1"), "report", List.of("--run-id", "r1"),
            "pool", List.of("s0.json"), "benchmark-pool", List.of("s0.json"), "train-final", List.of("--run-id", "r1"),
            "export", List.of("--model-id", "m1", "--out", "target/no-such-export"));

    /** The bench tools' names from before the bench group, which scripts and DAGs call. */
    private static final List<String> OLD_BENCH_NAMES = List.of("benchmark", "benchmark-pool", "latency-bench",
            "predictor-bench", "throughput", "train-bench", "zero-cost-bench", "profile-latency");

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = NasCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    private static Map<String, CommandLine> topLevel() {
        return new CommandLine(new NasCli()).getSubcommands();
    }

    private static Map<String, CommandLine> benchGroup() {
        return topLevel().get("bench").getSubcommands();
    }

    /** Every command that runs, by the words that call it: top level (hidden old names too), then "bench <name or alias>". */
    private static Map<String, CommandLine> commands() {
        Map<String, CommandLine> commands = new TreeMap<>();
        topLevel().forEach((name, cli) -> {
            if (!name.equals("bench")) {
                commands.put(name, cli);
            }
        });
        benchGroup().forEach((name, cli) -> commands.put("bench " + name, cli));
        return commands;
    }

    /** The words of the command a call stands for: an old top-level bench name stands for its bench command. */
    private static String canonical(String call) {
        CommandLine cli = commands().get(call);
        if (cli.getCommandSpec().usageMessage().hidden()) {
            return "bench " + benchGroup().get(call).getCommandSpec().name();
        }
        return call.startsWith("bench ") ? "bench " + cli.getCommandSpec().name() : call;
    }

    /** The first word of each entry under "Commands:" in a help text, with its aliases ("pool, benchmark-pool"). */
    private static List<String> listedCommands(String help) {
        List<String> listed = new ArrayList<>();
        boolean inCommands = false;
        for (String line : help.lines().toList()) {
            if (line.equals("Commands:")) {
                inCommands = true;
            } else if (inCommands && line.matches("  \\S.*")) {
                listed.add(line.trim().split("  ")[0]);
            }
        }
        return listed;
    }

    @Test
    void theTopLevelHelpListsTheUserCommandsAndTheBenchGroup() {
        Outcome help = run("--help");
        assertEquals(0, help.code(), help.err());
        assertEquals(List.of("search", "runs", "train-predictor", "train-final", "train-supernet", "export", "sql", "report", "maintain", "bench"),
                listedCommands(help.out()),
                help.out());
        for (String old : OLD_BENCH_NAMES) {
            assertTrue(topLevel().containsKey(old), old + " no longer runs");
            assertTrue(topLevel().get(old).getCommandSpec().usageMessage().hidden(), old + " is not hidden");
        }
    }

    @Test
    void namedAloneItPrintsTheUsageAndVersionNamesTheVersionsItRunsOn() {
        Outcome alone = run();
        assertEquals(0, alone.code(), alone.err());
        assertEquals(run("--help").out(), alone.out());
        Outcome version = run("--version");
        assertEquals(0, version.code(), version.err());
        // from classes (as in this test) the jar's manifest version is not there: "dev"
        assertTrue(version.out().startsWith("sparknas dev\nSpark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()
                + ", Scala 2."), version.out());
        assertTrue(version.out().contains(", Delta " + io.delta.package$.MODULE$.VERSION() + ", Java 17"), version.out());
    }

    @Test
    void benchHelpListsEachToolWithItsOldName() {
        Outcome help = run("bench", "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().startsWith("Usage: nas bench "), help.out());
        assertEquals(List.of("benchmark", "pool, benchmark-pool", "latency, latency-bench", "profile-latency",
                "predictor, predictor-bench", "zero-cost, zero-cost-bench", "throughput", "train, train-bench", "commit-cost"),
                listedCommands(help.out()), help.out());
        Outcome none = run("bench");
        assertEquals(NasCli.BAD_INPUT, none.code());
        assertEquals("sparknas: Missing required subcommand (see --help)", none.err().trim());
        assertEquals(NasCli.BAD_INPUT, run("bench", "no-such-tool").code());
    }

    @Test
    void anOldBenchNameIsTheSameCommandWithTheSameOptionsAndTheSameDryRun() {
        for (String old : OLD_BENCH_NAMES) {
            CommandLine alias = topLevel().get(old);
            CommandLine tool = benchGroup().get(old); // in the group the old name is the tool's name or alias
            assertEquals(tool.getCommand().getClass(), alias.getCommand().getClass(), old);
            assertEquals(optionNames(tool), optionNames(alias), old);
            assertEquals(tool.getCommandSpec().positionalParameters().size(), alias.getCommandSpec().positionalParameters().size(), old);
            List<String> args = new ArrayList<>(List.of("--dry-run", "--set", "benchmark.budget=7"));
            args.addAll(REQUIRED.getOrDefault(old, List.of()));
            Outcome before = run(concat(List.of(old), args));
            Outcome now = run(concat(List.of("bench", tool.getCommandSpec().name()), args));
            assertEquals(0, before.code(), old + ": " + before.err());
            assertEquals(now.out(), before.out(), old);
            assertTrue(now.out().contains(" bench " + tool.getCommandSpec().name() + " --set benchmark.budget=7"), now.out());
        }
    }

    private static List<String> optionNames(CommandLine cli) {
        return cli.getCommandSpec().options().stream().map(OptionSpec::longestName).sorted().toList();
    }

    private static String[] concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all.toArray(String[]::new);
    }

    @Test
    void everyCommandHasHelpThatMentionsEachOfItsOptions() {
        assertTrue(commands().keySet().containsAll(List.of("search", "sql", "report", "train-predictor", "benchmark",
                "latency-bench", "predictor-bench", "bench benchmark", "bench latency", "bench predictor", "bench pool")));
        for (Map.Entry<String, CommandLine> sub : commands().entrySet()) {
            Outcome help = run(concat(List.of(sub.getKey().split(" ")), List.of("--help")));
            assertEquals(0, help.code(), sub.getKey() + ": " + help.err());
            assertTrue(help.out().startsWith("Usage: " + sub.getValue().getCommandSpec().qualifiedName() + " "), help.out());
            for (String option : List.of("--config", "--set", "--summary-json", "--dry-run", "--help")) {
                assertTrue(help.out().contains(option), sub.getKey() + " --help lacks " + option + ":\n" + help.out());
            }
            for (OptionSpec option : sub.getValue().getCommandSpec().options()) {
                assertTrue(help.out().contains(option.longestName()), sub.getKey() + " --help lacks " + option.longestName());
                assertFalse(String.join("", option.description()).isBlank(), sub.getKey() + " " + option.longestName() + " is undescribed");
            }
        }
    }

    @Test
    void dryRunPrintsTheResolvedConfigAndTheSparkSubmitLineAndWritesNothing(@TempDir Path dir) {
        boolean sessionBefore = SparkSession.getDefaultSession().isDefined();
        Path store = dir.resolve("store");
        Path summary = dir.resolve("summary.json");
        for (Map.Entry<String, CommandLine> command : commands().entrySet()) {
            List<String> args = new ArrayList<>(List.of(command.getKey().split(" ")));
            args.addAll(List.of("--dry-run", "--set", "store.path=\"" + store + "\"",
                    "--set", "search.budget=33", "--set", "spark.conf.\"spark.sql.shuffle.partitions\"=7",
                    "--summary-json", summary.toString()));
            args.addAll(REQUIRED.getOrDefault(command.getValue().getCommandSpec().name(), List.of()));
            Outcome outcome = run(args.toArray(String[]::new));
            assertEquals(0, outcome.code(), command.getKey() + ": " + outcome.err());
            String out = outcome.out();
            assertTrue(out.contains("# resolved config"), out);
            assertTrue(out.contains("budget=33"), command.getKey() + ": resolved value missing:\n" + out);
            String submit = out.lines().filter(l -> l.startsWith("spark-submit ")).findFirst().orElseThrow(() -> new AssertionError(out));
            assertTrue(submit.contains("--class io.sparknas.jobs.cli.NasCli"), submit);
            assertTrue(submit.contains("--master 'local[*]'"), submit);
            assertTrue(submit.contains("--conf spark.sql.shuffle.partitions=7"), submit);
            assertTrue(submit.matches(".*-assembly\\.jar'? " + canonical(command.getKey()) + " --set .*"), submit);
            assertFalse(submit.contains("--dry-run"), submit);
            assertTrue(submit.contains("--set search.budget=33"), submit);
        }
        assertFalse(Files.exists(store), "a dry run writes no table");
        assertFalse(Files.exists(summary), "a dry run writes no summary");
        assertEquals(sessionBefore, SparkSession.getDefaultSession().isDefined(), "a dry run starts no Spark");
    }

    @Test
    void dryRunStillRejectsBadConfig() {
        Outcome outcome = run("search", "--dry-run", "--set", "search.budget=lots");
        assertEquals(NasCli.BAD_INPUT, outcome.code());
        assertTrue(outcome.err().contains("config key 'search.budget'"), outcome.err());
        assertFalse(outcome.out().contains("spark-submit"));
    }
}
