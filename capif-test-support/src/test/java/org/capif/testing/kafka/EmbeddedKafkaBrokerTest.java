package org.capif.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.Pem;
import org.capif.common.datastore.CapifService;
import org.capif.testing.Infrastructure;
import org.capif.testing.pki.Credential;
import org.capif.testing.pki.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who can connect to the test and local-stack Kafka broker at all: a client with a certificate from the CAPIF CA, over
 * TLS. A certificate from another CA, no certificate, and plaintext are refused, on the client listener and on the
 * KRaft controller listener alike. Real broker, real clients.
 */
class EmbeddedKafkaBrokerTest {

    private static String bootstrap;
    private static TestPki pki;
    private static KafkaTls tls;

    @BeforeAll
    static void broker() {
        bootstrap = Infrastructure.kafka().bootstrapServers();
        pki = Infrastructure.pki();
        tls = Infrastructure.kafkaTls();
    }

    @Test
    void connectWhenServiceCertificateThenClusterDescribed() throws Exception {
        try (Admin admin = Admin.create(quick(tls.service(bootstrap, pki, CapifService.TOKEN_VALIDATOR)))) {
            assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                    .hasSize(1);
        }
    }

    @Test
    void connectWhenCertificateFromAnotherCaThenRefused() {
        Credential foreign = pki.foreignClient(new CapifIdentity(CapifRole.SERVICE, "token-validator"));
        Map<String, Object> config = tls.client(
                bootstrap,
                pki.write("kafka-foreign.crt", foreign.certificatePem()),
                pki.write("kafka-foreign.key", foreign.privateKeyPem()));
        assertRefused(config);
    }

    @Test
    void connectWhenNoClientCertificateThenRefused() {
        Map<String, Object> config = new HashMap<>(tls.adminClient(bootstrap));
        config.remove("ssl.keystore.type");
        config.remove("ssl.keystore.key");
        config.remove("ssl.keystore.certificate.chain");
        assertRefused(config);
    }

    @Test
    void connectWhenPlaintextThenRefused() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("security.protocol", "PLAINTEXT");
        try (Admin admin = Admin.create(quick(config))) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void controllerListenerWhenPlaintextOrNoCertificateThenRefused() throws Exception {
        int controllerPort = ((EmbeddedKafkaBroker) Infrastructure.kafka()).controllerPort();
        // a Kafka ApiVersions request in plaintext: the TLS listener answers nothing and closes the connection
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), controllerPort)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {0, 0, 0, 14, 0, 18, 0, 3, 0, 0, 0, 1, 0, 4, 't', 'e', 's', 't'});
            out.flush();
            InputStream in = s.getInputStream();
            // a Kafka answer would start with its length (first byte 0); TLS answers with an alert (21) or closes
            assertThat(readQuietly(in)).isIn(-1, 21);
        }
        // TLS with the right CA but without a client certificate: the handshake is refused
        try (SSLSocket s = (SSLSocket) trustingCapifCa().getSocketFactory().createSocket("127.0.0.1", controllerPort)) {
            s.setSoTimeout(5000);
            assertThatThrownBy(() -> {
                        s.startHandshake();
                        s.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                        if (s.getInputStream().read() < 0) {
                            throw new IOException("closed");
                        }
                    })
                    .isInstanceOf(IOException.class);
        }
    }

    private static void assertRefused(Map<String, Object> config) {
        try (Admin admin = Admin.create(quick(config))) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    private static Map<String, Object> quick(Map<String, Object> config) {
        Map<String, Object> c = new HashMap<>(config);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000);
        return c;
    }

    /** The first byte the server sends, or -1 when it closes the connection (a reset counts as closed). */
    private static int readQuietly(InputStream in) {
        try {
            return in.read();
        } catch (IOException e) {
            return -1;
        }
    }

    private static SSLContext trustingCapifCa() throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", Pem.certificate(Pem.read(pki.caCertFile())));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
