package org.capif.testing.edge;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Captures what the service under test logs while it is open, from the root logger of the JVM's log manager (the
 * service runs in the test's JVM under {@code @QuarkusTest}): to assert that no stack trace and no error was logged,
 * or to count lines.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");

    private LogCapture() {
        setLevel(Level.ALL);
        root.addHandler(this);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Records that carry a throwable (a stack trace in the log). */
    public List<String> stackTraces() {
        return records.stream()
                .filter(r -> r.getThrown() != null)
                .map(LogCapture::describe)
                .toList();
    }

    /** Records at WARN or above from loggers whose names start with one of the prefixes. */
    public List<String> warnings(String... prefixes) {
        return records.stream()
                .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .filter(r -> r.getLoggerName() != null
                        && java.util.Arrays.stream(prefixes).anyMatch(r.getLoggerName()::startsWith))
                .map(LogCapture::describe)
                .toList();
    }

    /** Formatted messages of the records from one logger. */
    public List<String> messages(String logger) {
        return records.stream()
                .filter(r -> logger.equals(r.getLoggerName()))
                .map(LogCapture::message)
                .toList();
    }

    private static String describe(LogRecord r) {
        return r.getLevel() + " " + r.getLoggerName() + ": " + message(r)
                + (r.getThrown() == null ? "" : " [" + r.getThrown() + "]");
    }

    private static String message(LogRecord r) {
        if (r instanceof ExtLogRecord ext) {
            return ext.getFormattedMessage();
        }
        return new java.util.logging.SimpleFormatter().formatMessage(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
