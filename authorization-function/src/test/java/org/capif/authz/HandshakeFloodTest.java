package org.capif.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.capif.common.cert.CapifIdentity;
import org.capif.testing.CapifTestResource;
import org.capif.testing.edge.LogCapture;
import org.capif.testing.edge.TlsProbes;
import org.capif.testing.http.RawHttps;
import org.capif.testing.pki.Credential;
import org.capif.testing.pki.TestPki;
import org.junit.jupiter.api.Test;

/**
 * An unauthenticated client sending expired and foreign certificates in a loop: every attempt is refused and counted
 * in {@code capif_connection_failures_total{reason}}, but the log gets at most one line per reason per interval
 * ({@code capif.tls.failure-log-interval}, one minute), without a stack trace.
 */
@QuarkusTest
class HandshakeFloodTest {

    private static final String LOGGER = "org.capif.common.tls.ConnectionFailureLog";
    private static final int ATTEMPTS = 60;

    @TestHTTPResource(value = "/", tls = true)
    URL api;

    @TestHTTPResource(value = "/", management = true, tls = true)
    URL management;

    @Test
    void handshakeWhenExpiredOrForeignCertificatesInALoopThenEachCountedAndAtMostOneLinePerReason() {
        TestPki pki = CapifTestResource.pki();
        Credential expired = pki.expiredClient(CapifIdentity.invoker("flood"));
        Credential foreign = pki.foreignClient(CapifIdentity.invoker("flood"));
        double expiredBefore = failures("certificate_expired");
        double untrustedBefore = failures("certificate_untrusted");

        try (LogCapture log = LogCapture.start()) {
            for (int i = 0; i < ATTEMPTS; i++) {
                TlsProbes.assertConnectionRefused(api.getPort(), pki, expired);
                TlsProbes.assertConnectionRefused(api.getPort(), pki, foreign);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(failures("certificate_expired")).isEqualTo(expiredBefore + ATTEMPTS);
                assertThat(failures("certificate_untrusted")).isEqualTo(untrustedBefore + ATTEMPTS);
            });

            List<String> lines = log.messages(LOGGER);
            assertThat(lines.stream().filter(l -> l.contains("(certificate_expired)")))
                    .hasSizeLessThanOrEqualTo(1);
            assertThat(lines.stream().filter(l -> l.contains("(certificate_untrusted)")))
                    .hasSizeLessThanOrEqualTo(1);
            assertThat(lines).hasSizeLessThanOrEqualTo(3);
            assertThat(log.stackTraces()).isEmpty();
            assertThat(log.records())
                    .filteredOn(r -> r.getMessage() != null && r.getMessage().contains("PKIX"))
                    .hasSizeLessThanOrEqualTo(2);
        }
    }

    /** The failures counted so far for a reason, read from the Prometheus endpoint like a monitoring system does. */
    private double failures(String reason) {
        String metrics = RawHttps.to(
                        management.getPort(),
                        CapifTestResource.pki(),
                        CapifTestResource.pki().monitoring("prometheus"))
                .send("GET", "/q/metrics", Map.of(), null)
                .text();
        Matcher m = Pattern.compile("(?m)^capif_connection_failures_total\\{reason=\"" + reason + "\"} ([0-9.E]+)$")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
