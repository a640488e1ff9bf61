package io.sparknas.jobs.testing;

import io.sparknas.jobs.cli.NasCli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code bin/nas} command run in this JVM, as a test sees it: its exit code, what it printed to
 * stdout (captured, then echoed to the test's own output) and its stderr, trimmed.
 */
public record CliRun(int code, String out, String err) {

    /** Runs {@code args}, each of {@code sets} added as {@code --set KEY=VALUE}, on the test's shared Spark session. */
    public static CliRun of(List<String> sets, String... args) {
        LocalSpark.spark();
        List<String> all = new ArrayList<>(List.of(args));
        sets.forEach(s -> all.addAll(List.of("--set", s)));
        StringWriter err = new StringWriter();
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = NasCli.execute(new PrintWriter(err, true), all.toArray(String[]::new));
            return new CliRun(code, captured.toString(StandardCharsets.UTF_8), err.toString().trim());
        } finally {
            System.setOut(stdout);
            System.out.print(captured.toString(StandardCharsets.UTF_8));
        }
    }
}
