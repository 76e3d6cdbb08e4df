package org.capif.validator.af;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.testing.CapifTestResource;
import org.capif.testing.http.TlsTestServer;
import org.capif.testing.pki.Credential;
import org.capif.testing.pki.TestPki;
import org.junit.jupiter.api.Test;

/**
 * The validator's client to the authorization function keeps the servers' TLS policy (TLS 1.3 and 1.2 with AEAD suites
 * only) and picks up a rotated client certificate without a restart (the TLS registry reloads
 * {@code quarkus.tls.af-client} every second in tests, every hour by default).
 */
@QuarkusTest
class AuthorizationFunctionClientTlsTest {

    @Inject
    AuthorizationFunctionClient client;

    private HttpResponse<Buffer> get(String uri) throws Exception {
        return client.client()
                .getAbs(uri)
                .send()
                .toCompletionStage()
                .toCompletableFuture()
                .get(15, TimeUnit.SECONDS);
    }

    @Test
    void clientWhenServerOffersTls12WithAnAeadSuiteThenConnects() throws Exception {
        try (TlsTestServer server =
                TlsTestServer.start(CapifTestResource.pki(), new String[] {"TLSv1.2"}, new String[] {
                    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"
                })) {
            assertThat(get(server.uri()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void clientWhenServerOffersOnlyNonAeadSuitesThenRefused() {
        try (TlsTestServer server =
                TlsTestServer.start(CapifTestResource.pki(), new String[] {"TLSv1.2"}, new String[] {
                    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
                    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
                    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"
                })) {
            assertThatThrownBy(() -> get(server.uri())).isInstanceOf(ExecutionException.class);
            assertThat(server.clientThumbprints()).isEmpty();
        }
    }

    @Test
    void clientWhenServerSpeaksOnlyTls11ThenRefused() throws Exception {
        TestPki pki = CapifTestResource.pki();
        // OpenSSL at security level 0 still serves TLS 1.1; the same server with TLS 1.2 shows the refusal is the
        // protocol's.
        for (String protocol : new String[] {"-tls1_1", "-tls1_2"}) {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Process server = new ProcessBuilder(
                            "openssl",
                            "s_server",
                            "-accept",
                            "127.0.0.1:" + port,
                            "-cert",
                            pki.serverCertFile().toString(),
                            "-key",
                            pki.serverKeyFile().toString(),
                            protocol,
                            "-cipher",
                            "DEFAULT@SECLEVEL=0",
                            "-www",
                            "-quiet")
                    .redirectErrorStream(true)
                    .start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> listening(port));
                String uri = "https://localhost:" + port + "/";
                if (protocol.equals("-tls1_1")) {
                    assertThatThrownBy(() -> get(uri)).isInstanceOf(ExecutionException.class);
                } else {
                    assertThat(get(uri).statusCode()).isEqualTo(200);
                }
            } finally {
                server.destroy();
                server.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void clientWhenCertificateFileRotatedThenNewConnectionsPresentTheNewCertificateWithoutRestart() throws Exception {
        TestPki pki = CapifTestResource.pki();
        try (TlsTestServer before = TlsTestServer.start(pki, null, null)) {
            assertThat(get(before.uri()).statusCode()).isEqualTo(200);
            assertThat(before.clientThumbprints()).hasSize(1);
        }
        Credential rotated = pki.client(new CapifIdentity(CapifRole.SERVICE, "token-validator"));
        pki.write("validator-client.key", rotated.privateKeyPem());
        pki.write("validator-client.crt", rotated.certificatePem());

        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    try (TlsTestServer after = TlsTestServer.start(pki, null, null)) {
                        assertThat(get(after.uri()).statusCode()).isEqualTo(200);
                        assertThat(after.clientThumbprints()).containsExactly(rotated.thumbprint());
                    }
                });
    }

    private static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
