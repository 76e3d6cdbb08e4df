package org.capif.invoker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.capif.testing.pki.TestPki;
import org.junit.jupiter.api.Test;

/** TLS policy of the API port: TLS 1.3 and 1.2 with AEAD cipher suites only (TS 33.310 Annex E, our docs/security). */
@QuarkusTest
class TlsPolicyTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void handshakeWhenTls13ThenNegotiated() throws Exception {
        try (SSLSocket socket = socket(new String[] {"TLSv1.3"}, null)) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void handshakeWhenTls12WithAeadSuiteThenNegotiated() throws Exception {
        try (SSLSocket socket =
                socket(new String[] {"TLSv1.2"}, new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"})) {
            socket.startHandshake();
            assertThat(socket.getSession().getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        }
    }

    @Test
    void handshakeWhenTls12WithCbcSuiteOnlyThenRefused() throws Exception {
        try (SSLSocket socket = socket(
                new String[] {"TLSv1.2"},
                new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"})) {
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void handshakeWhenTls11ThenRefusedByTheServer() throws Exception {
        // JSSE will not even offer TLS 1.1; OpenSSL at security level 0 will, so the refusal is the server's.
        Process tls11 = openssl("-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        String out = new String(tls11.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tls11.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(tls11.exitValue()).as(out).isNotZero();
        assertThat(out).doesNotContain("Protocol  : TLSv1.1");

        Process control = openssl("-tls1_3");
        String ok = new String(control.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(control.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(ok).contains("TLSv1.3");
    }

    private Process openssl(String... options) throws Exception {
        String[] base = {"openssl", "s_client", "-connect", "127.0.0.1:" + this.base.getPort(), "-brief"};
        String[] cmd = new String[base.length + options.length];
        System.arraycopy(base, 0, cmd, 0, base.length);
        System.arraycopy(options, 0, cmd, base.length, options.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        return p;
    }

    private SSLSocket socket(String[] protocols, String[] suites) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(Fixtures.pki().trustStore().toFile())) {
            trust.load(in, TestPki.STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", base.getPort());
        socket.setSoTimeout(10_000);
        socket.setEnabledProtocols(protocols);
        if (suites != null) {
            socket.setEnabledCipherSuites(suites);
        }
        return socket;
    }
}
