package io.sparknas.jobs.reliability;

import io.sparknas.jobs.cli.NasCli;
import io.sparknas.jobs.store.Tables;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code bin/nas} as a separate JVM: the test's own classpath and JVM flags, main class NasCli, so a
 * test can kill a driver for real or run two drivers side by side.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /** Starts {@code nas args…}; stdout and stderr (the log) go to {@code log}. */
    static Process nas(Path log, List<String> args) throws IOException {
        return nas(log, null, args);
    }

    /** Starts {@code nas args…}; stdout goes to {@code out}, stderr to {@code err} (null: to {@code out} as well). */
    static Process nas(Path out, Path err, List<String> args) throws IOException {
        Path log = out;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1536m");
        // Spark's --add-opens list and friends, exactly as this JVM got them from surefire
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-Djdk.")).forEach(command::add);
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(NasCli.class.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(log.toFile());
        if (err == null) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(err.toFile());
        }
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process child = builder.start();
        // a test JVM stopped early (timeout, Ctrl-C) must not leave a Spark driver behind
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroyForcibly));
        return child;
    }

    /** Whether Delta version {@code version} of a table is committed (its log entry exists). */
    static boolean committed(Path store, Tables table, long version) {
        return Files.exists(store.resolve(table.tableName()).resolve("_delta_log").resolve(String.format("%020d.json", version)));
    }

    /** Polls until {@code condition} holds; fails if {@code child} ends first or time runs out. */
    static void await(String what, BooleanSupplier condition, Process child, Path log, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!child.isAlive()) {
                fail("the child ended (exit " + child.exitValue() + ") before " + what + "; its log:\n" + tail(log));
            }
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                fail("timed out waiting for " + what + "; the child's log:\n" + tail(log));
            }
            Thread.sleep(100);
        }
    }

    /** Waits for a child to end and returns its exit code; kills it after {@code timeout}. */
    static int finish(Process child, Path log, Duration timeout) throws Exception {
        if (!child.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            child.destroyForcibly();
            fail("the child did not finish in " + timeout + "; its log:\n" + tail(log));
        }
        return child.exitValue();
    }

    static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
