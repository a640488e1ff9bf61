package io.sparknas.jobs.cli;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Stands between every logger and the console of {@code conf/log4j2.properties}: events are held
 * back until the command has checked its input ({@link #open}), then replayed in order and passed
 * on live. A command that ends in bad input drops them ({@link #discard}), so its stderr is the one
 * line that names the culprit, not the 90 lines of Spark ERROR log that a failed read of a CSV file
 * produces on its way to that line. At most {@value #LIMIT} events are held (the oldest go first).
 */
final class HeldBackAppender extends AbstractAppender {
    static final int LIMIT = 5_000;
    private static final String CONSOLE = "console";

    private final Appender console;
    private final Deque<LogEvent> held = new ArrayDeque<>();
    private boolean open;
    private boolean discarding;

    private HeldBackAppender(Appender console) {
        super("held-back-" + CONSOLE, null, null, true, Property.EMPTY_ARRAY);
        this.console = console;
    }

    /**
     * Routes every logger that writes to the appender named {@value #CONSOLE} through a held-back one.
     *
     * @return the appender, or null when log4j2 is not configured with such a console (e.g. under a
     *         platform's own logging): then nothing is held back
     */
    static HeldBackAppender install() {
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
            return null;
        }
        Configuration config = context.getConfiguration();
        Appender console = config.getAppender(CONSOLE);
        if (console == null) {
            return null;
        }
        HeldBackAppender held = new HeldBackAppender(console);
        held.start();
        config.addAppender(held);
        reroute(config.getRootLogger(), held);
        config.getLoggers().values().forEach(logger -> reroute(logger, held));
        context.updateLoggers();
        return held;
    }

    private static void reroute(LoggerConfig logger, HeldBackAppender held) {
        if (logger.getAppenders().containsKey(CONSOLE)) {
            var level = logger.getAppenderRefs().stream().filter(r -> r.getRef().equals(CONSOLE)).findFirst()
                    .map(r -> r.getLevel()).orElse(null);
            logger.removeAppender(CONSOLE);
            logger.addAppender(held, level, null);
        }
    }

    @Override
    public void append(LogEvent event) {
        synchronized (this) {
            if (discarding) {
                return;
            }
            if (!open) {
                held.addLast(event.toImmutable());
                if (held.size() > LIMIT) {
                    held.removeFirst();
                }
                return;
            }
        }
        console.append(event);
    }

    /** Replays what was held and passes every later event on. */
    synchronized void open() {
        if (discarding || open) {
            return;
        }
        held.forEach(console::append);
        held.clear();
        open = true;
    }

    /** Drops what was held and every later event (bad input, or an interrupted command). */
    synchronized void discard() {
        held.clear();
        discarding = true;
    }
}
