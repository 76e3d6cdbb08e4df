package org.capif.common.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.NotSslRecordException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLHandshakeException;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectionFailureLogTest {

    private final List<LogRecord> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (ConnectionFailureLog.class.getName().equals(record.getLoggerName())) {
                lines.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void capture() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger("").removeHandler(capture);
    }

    private static String text(LogRecord r) {
        return ((ExtLogRecord) r).getFormattedMessage();
    }

    private static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(message);
        e.initCause(cause);
        return e;
    }

    @Test
    void failedWhenRepeatedWithinTheIntervalThenOneLinePerReasonAndEveryFailureCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TestClock clock = new TestClock();
        ConnectionFailureLog log = new ConnectionFailureLog(registry, clock, Duration.ofMinutes(1));
        Throwable expired = handshake("PKIX path validation failed", new CertificateException("validity check failed"));

        for (int i = 0; i < 500; i++) {
            log.failed("certificate_expired", expired);
            log.failed("certificate_untrusted", expired);
            clock.now = clock.now.plusMillis(50);
        }

        assertThat(lines).hasSize(2).allMatch(r -> r.getThrown() == null);
        assertThat(registry.get("capif.connection.failures")
                        .tag("reason", "certificate_expired")
                        .counter()
                        .count())
                .isEqualTo(500);
        assertThat(registry.get("capif.connection.failures")
                        .tag("reason", "certificate_untrusted")
                        .counter()
                        .count())
                .isEqualTo(500);
    }

    @Test
    void failedWhenTheIntervalPassedThenNextLineCountsWhatWasSuppressed() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TestClock clock = new TestClock();
        ConnectionFailureLog log = new ConnectionFailureLog(registry, clock, Duration.ofMinutes(1));
        Throwable untrusted = handshake("PKIX path building failed", new CertPathBuilderException("no path"));
        for (int i = 0; i < 10; i++) {
            log.failed("certificate_untrusted", untrusted);
        }
        clock.now = clock.now.plusSeconds(61);

        log.failed("certificate_untrusted", untrusted);

        assertThat(lines).hasSize(2);
        assertThat(text(lines.get(0))).startsWith("client connection failed (certificate_untrusted): 1 since");
        assertThat(text(lines.get(1))).startsWith("client connection failed (certificate_untrusted): 10 since");
    }

    @Test
    void reasonWhenKnownFailuresThenStableLowCardinalityNames() {
        assertThat(ConnectionFailureLog.reason(handshake(
                        "PKIX path validation failed",
                        new CertPathValidatorException(
                                "validity check failed",
                                null,
                                null,
                                -1,
                                CertPathValidatorException.BasicReason.EXPIRED))))
                .isEqualTo("certificate_expired");
        assertThat(ConnectionFailureLog.reason(handshake("PKIX path building failed", new CertPathBuilderException())))
                .isEqualTo("certificate_untrusted");
        assertThat(ConnectionFailureLog.reason(new SSLHandshakeException("Empty client certificate chain")))
                .isEqualTo("certificate_missing");
        assertThat(ConnectionFailureLog.reason(
                        new SSLHandshakeException("Client requested protocol TLSv1.1 is not enabled or supported")))
                .isEqualTo("protocol_version");
        assertThat(ConnectionFailureLog.reason(new SSLHandshakeException("no cipher suites in common")))
                .isEqualTo("no_shared_cipher");
        assertThat(ConnectionFailureLog.reason(
                        new SSLHandshakeException("Client initiated renegotiation is not allowed")))
                .isEqualTo("renegotiation_refused");
        assertThat(ConnectionFailureLog.reason(new NotSslRecordException("not an SSL/TLS record")))
                .isEqualTo("not_tls");
        assertThat(ConnectionFailureLog.reason(new IllegalArgumentException("a header value contains a prohibited")))
                .isEqualTo("malformed_http");
    }
}
