package org.capif.testing.http;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.capif.common.cert.Pem;
import org.capif.testing.pki.TestPki;

/**
 * A JWK Set published over mutual TLS on 127.0.0.1, for testing a token consumer without running the authorization
 * function: same path, same TLS requirements (a client certificate from the CAPIF CA). It counts fetches.
 */
public final class JwksServer implements AutoCloseable {

    private final HttpsServer server;
    private final AtomicInteger fetches = new AtomicInteger();

    private JwksServer(HttpsServer server) {
        this.server = server;
    }

    public static JwksServer start(TestPki pki, Supplier<String> jwks) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(
                    "server",
                    Pem.privateKey(Pem.read(pki.serverKeyFile())),
                    new char[0],
                    Pem.certificates(Pem.read(pki.serverCertFile())).toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", pki.caCertificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(ctx) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = ctx.getDefaultSSLParameters();
                    p.setNeedClientAuth(true);
                    params.setSSLParameters(p);
                }
            });
            JwksServer jwksServer = new JwksServer(server);
            server.createContext("/.well-known/jwks.json", exchange -> {
                jwksServer.fetches.incrementAndGet();
                byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return jwksServer;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("JWK Set server did not start", e);
        }
    }

    public String uri() {
        return "https://localhost:" + server.getAddress().getPort() + "/.well-known/jwks.json";
    }

    public int fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
