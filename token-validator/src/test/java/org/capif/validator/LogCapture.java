package org.capif.validator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what the service logs at error level or with a stack trace while a test runs (the application shares the
 * test's JVM and log manager), so a test can show that hostile input left no trace of a fault in the log. Kafka's own
 * loggers are left out: the embedded broker's chatter is not the service's.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<LogRecord> faults = new CopyOnWriteArrayList<>();

    private LogCapture() {}

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
        if (logger.startsWith("org.apache.kafka") || logger.startsWith("kafka")) {
            return;
        }
        if (record.getThrown() != null || record.getLevel().intValue() >= Level.SEVERE.intValue()) {
            faults.add(record);
        }
    }

    /** Error records and records with a throwable, as text (logger, message, throwable). */
    public List<String> faults() {
        return faults.stream()
                .map(r ->
                        r.getLoggerName() + ": " + r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()))
                .toList();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
