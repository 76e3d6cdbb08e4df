package org.capif.common.tls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;
import org.capif.common.config.CommonConfig;

/**
 * Turns the connections a client fails before any HTTP request is served (TLS handshake refused, plain HTTP on a TLS
 * port, a renegotiation attempt, bytes that are not HTTP) into one log line per reason and interval plus a counter,
 * instead of nothing, or of a line (with a stack trace) per attempt. An unauthenticated client sending expired or
 * foreign certificates in a loop must not be able to flood the log, but the operator must see that it happens.
 *
 * <p>Vert.x reports a connection that fails before it becomes HTTP (the TLS handshake, an undecodable request) to its
 * server's exception handler, which Quarkus does not expose and which logs at TRACE under
 * {@code io.vertx.core.http.impl.HttpServerImpl}; a TLS failure on an established connection is logged by
 * {@code io.vertx.core.net.impl.ConnectionBase}. A filter on those two loggers takes every such record, counts it in
 * {@code capif_connection_failures_total{reason}}, writes {@code client connection failed (<reason>): <n> since the
 * last report} (INFO, no stack trace) at most once per {@code capif.tls.failure-log-interval} per reason, and drops the
 * original record. Other records pass unchanged.
 */
@ApplicationScoped
public class ConnectionFailureLog {

    static final String SERVER_LOGGER = "io.vertx.core.http.impl.HttpServerImpl";
    static final String CONNECTION_LOGGER = "io.vertx.core.net.impl.ConnectionBase";

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ConnectionFailureLog.class);

    private final MeterRegistry registry;
    private final Clock clock;
    private final long intervalMillis;
    private final Map<String, Report> reports = new ConcurrentHashMap<>();

    /** Per reason: when the last line was written and how many failures came since. */
    private static final class Report {
        final AtomicLong lastLine = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong since = new AtomicLong();
        final Counter counter;

        Report(Counter counter) {
            this.counter = counter;
        }
    }

    @jakarta.inject.Inject
    public ConnectionFailureLog(MeterRegistry registry, Clock clock, CommonConfig config) {
        this(registry, clock, config.tls().failureLogInterval());
    }

    ConnectionFailureLog(MeterRegistry registry, Clock clock, Duration interval) {
        this.registry = registry;
        this.clock = clock;
        this.intervalMillis = interval.toMillis();
    }

    void install(@Observes StartupEvent event) {
        Filter filter = this::take;
        for (String name : new String[] {SERVER_LOGGER, CONNECTION_LOGGER}) {
            Logger logger = Logger.getLogger(name);
            logger.setFilter(filter);
        }
        // The server logger reports handshake failures at TRACE only; let them through to the filter (which drops
        // them).
        Logger.getLogger(SERVER_LOGGER).setLevel(Level.FINEST);
    }

    /** The filter: false (drop) for TLS failure records, which it counts and reports itself; true for anything else. */
    boolean take(LogRecord record) {
        Throwable thrown = record.getThrown();
        boolean server = SERVER_LOGGER.equals(record.getLoggerName());
        if (thrown == null || (!server && !isTls(thrown))) {
            return server ? record.getLevel().intValue() >= Level.INFO.intValue() : true;
        }
        failed(reason(thrown), thrown);
        return false;
    }

    /** Counts a failure, and writes the line for its reason if the last one is older than the interval. */
    void failed(String reason, Throwable thrown) {
        Report report = reports.computeIfAbsent(
                reason,
                r -> new Report(Counter.builder("capif.connection.failures")
                        .description("Client connections that failed before an HTTP request was served, by reason")
                        .tag("reason", r)
                        .register(registry)));
        report.counter.increment();
        report.since.incrementAndGet();
        long now = clock.millis();
        long last = report.lastLine.get();
        if (last != Long.MIN_VALUE && now - last < intervalMillis) {
            return;
        }
        if (report.lastLine.compareAndSet(last, now)) {
            long count = report.since.getAndSet(0);
            LOG.infof(
                    "client connection failed (%s): %d since the last report, next report in %s at the earliest; last: %s",
                    reason, count, Duration.ofMillis(intervalMillis), summary(thrown));
        }
    }

    /** A stable, low-cardinality reason for a failed TLS connection. */
    static String reason(Throwable thrown) {
        String messages = "";
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return "certificate_expired";
            }
            if (t instanceof CertPathValidatorException v
                    && v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                return "certificate_expired";
            }
            if (t instanceof CertPathBuilderException) {
                return "certificate_untrusted";
            }
            if (t.getClass().getName().equals("io.netty.handler.ssl.NotSslRecordException")) {
                return "not_tls";
            }
            if (t.getClass().getName().endsWith("SslHandshakeTimeoutException")) {
                return "handshake_timeout";
            }
            if (t instanceof ClosedChannelException) {
                return "connection_closed";
            }
            messages += " " + String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        }
        if (messages.contains("renegotiation")) {
            return "renegotiation_refused";
        }
        if (messages.contains("empty client certificate chain") || messages.contains("certificate_required")) {
            return "certificate_missing";
        }
        if (messages.contains("certificate") && (messages.contains("expired") || messages.contains("validity"))) {
            return "certificate_expired";
        }
        if (messages.contains("pkix") || messages.contains("unknown_ca") || messages.contains("bad_certificate")) {
            return "certificate_untrusted";
        }
        if (messages.contains("protocol") && (messages.contains("version") || messages.contains("not enabled"))) {
            return "protocol_version";
        }
        if (messages.contains("cipher") || messages.contains("insufficient_security")) {
            return "no_shared_cipher";
        }
        if (messages.contains("connection reset") || messages.contains("close_notify")) {
            return "connection_closed";
        }
        return isTls(thrown) ? "tls_other" : "malformed_http";
    }

    private static boolean isTls(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException || t.getClass().getName().startsWith("io.netty.handler.ssl.")) {
                return true;
            }
        }
        return false;
    }

    /** The exception's type and message, shortened and reduced to printable ASCII (it may quote client input). */
    private static String summary(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + ": " + root.getMessage();
        text = text.replaceAll("[^\\x20-\\x7e]", "?");
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
