package io.sparknas.jobs.cli;

import io.sparknas.jobs.config.Console;
import sun.misc.Signal;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * SIGTERM (Airflow stopping a task, a scheduler's kill, Ctrl-C's cousin) ends the process with one
 * line, {@code sparknas: interrupted; re-run with --run-id X to resume}, and exit code 143, instead of
 * the traces of every Spark job that the shutdown cancels. Every commit of a run is atomic, so the
 * run resumes from its last committed generation; what the process holds (its run lease) is released
 * first, so the re-run need not wait for it to lapse.
 */
final class Interrupt {
    static final int EXIT_CODE = 143;
    /** Longest wait for the interrupt actions and Spark's shutdown before the process halts. */
    private static final long GRACE_MS = 20_000;
    private static volatile boolean received;

    private Interrupt() {
    }

    static boolean received() {
        return received;
    }

    /** Handles SIGTERM from now on; {@code err} is where the one line goes. */
    static void install(PrintStream err) {
        try {
            Signal.handle(new Signal("TERM"), signal -> interrupted(err));
        } catch (IllegalArgumentException e) {
            // no SIGTERM on this platform: the JVM's default handling stays
        }
    }

    private static void interrupted(PrintStream err) {
        if (received) {
            return;
        }
        received = true;
        Console.silence();
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        System.setErr(nowhere); // whatever the cancelled work prints on its way down
        System.setOut(nowhere);
        err.println("sparknas: interrupted" + Console.runId().map(id -> "; re-run with --run-id " + id + " to resume")
                .orElse(""));
        err.flush();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(GRACE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(EXIT_CODE);
        }, "sparknas-interrupt-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Console.runInterruptActions();
        System.exit(EXIT_CODE); // Spark's shutdown hooks stop the session and remove its temporary files
    }
}
