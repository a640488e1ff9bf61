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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --help and --dry-run on every subcommand; no Spark is started here (the class shares no session). */
class HelpAndDryRunTest {
    /** Arguments a subcommand requires besides the common options. */
    private static final Map<String, List<String>> REQUIRED = Map.of("sql", List.of("SELECT 1"), "report", List.of("--run-id", "r1"),
            "benchmark-pool", List.of("s0.json"));

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = NasCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    private static Map<String, CommandLine> subcommands() {
        return new CommandLine(new NasCli()).getSubcommands();
    }

    @Test
    void everySubcommandHasHelpThatMentionsEachOfItsOptions() {
        assertTrue(subcommands().keySet().containsAll(List.of("search", "benchmark", "latency-bench", "predictor-bench", "sql")));
        for (Map.Entry<String, CommandLine> sub : subcommands().entrySet()) {
            Outcome help = run(sub.getKey(), "--help");
            assertEquals(0, help.code(), sub.getKey() + ": " + help.err());
            assertTrue(help.out().startsWith("Usage: nas " + sub.getKey()), help.out());
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
        for (String command : subcommands().keySet()) {
            List<String> args = new ArrayList<>(List.of(command, "--dry-run", "--set", "store.path=\"" + store + "\"",
                    "--set", "search.budget=33", "--set", "spark.conf.\"spark.sql.shuffle.partitions\"=7",
                    "--summary-json", summary.toString()));
            args.addAll(REQUIRED.getOrDefault(command, List.of()));
            Outcome outcome = run(args.toArray(String[]::new));
            assertEquals(0, outcome.code(), command + ": " + outcome.err());
            String out = outcome.out();
            assertTrue(out.contains("# resolved config"), out);
            assertTrue(out.contains("budget=33"), command + ": resolved value missing:\n" + out);
            String submit = out.lines().filter(l -> l.startsWith("spark-submit ")).findFirst().orElseThrow(() -> new AssertionError(out));
            assertTrue(submit.contains("--class io.sparknas.jobs.cli.NasCli"), submit);
            assertTrue(submit.contains("--master 'local[*]'"), submit);
            assertTrue(submit.contains("--conf spark.sql.shuffle.partitions=7"), submit);
            assertTrue(submit.matches(".*-assembly\\.jar'? " + command + " .*"), submit);
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
