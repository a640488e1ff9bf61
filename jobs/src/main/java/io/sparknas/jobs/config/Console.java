package io.sparknas.jobs.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a command tells the CLI about its console while it runs: when its input has been checked (from
 * then on the log flows live; before, it is held back so that bad input prints one line), and what to
 * do and say when the process is interrupted (SIGTERM): release what it holds, and name the run to resume.
 */
public final class Console {
    private static volatile Runnable opener = () -> { };
    private static volatile Runnable discarder = () -> { };
    private static volatile String runId;
    private static final List<Runnable> ON_INTERRUPT = new ArrayList<>();

    private Console() {
    }

    /** Set by the CLI's main: what {@link #inputChecked} and {@link #silence} do. */
    public static void setLog(Runnable open, Runnable discard) {
        opener = open;
        discarder = discard;
    }

    /** Drops the log held back so far and all later log: the command ends in one line of its own. */
    public static void silence() {
        discarder.run();
    }

    /**
     * The command has checked its input and starts its work: the log held back so far is shown and the
     * rest flows live. Call it once nothing more is expected to be refused as bad input.
     */
    public static void inputChecked() {
        opener.run();
    }

    /** The run this process works on, named in the "interrupted" line. */
    public static void setRunId(String id) {
        runId = id;
    }

    public static Optional<String> runId() {
        return Optional.ofNullable(runId);
    }

    /** Work to do when the process is interrupted, before it exits (e.g. release a run lease); quick and safe to fail. */
    public static void onInterrupt(Runnable action) {
        synchronized (ON_INTERRUPT) {
            ON_INTERRUPT.add(action);
        }
    }

    /** Runs the interrupt actions (each one's failure ignored: the process is going down either way). */
    public static void runInterruptActions() {
        List<Runnable> actions;
        synchronized (ON_INTERRUPT) {
            actions = List.copyOf(ON_INTERRUPT);
        }
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // nothing to report it on: the console is already silenced
            }
        }
    }
}
