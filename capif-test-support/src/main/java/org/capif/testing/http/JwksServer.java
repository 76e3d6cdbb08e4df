package org.capif.testing.http;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.capif.testing.pki.TestPki;

/**
 * The authorization function as a token consumer sees it, without running it: its JWK Set and its Revoke_Authorization
 * endpoint ({@code POST /capif-security/v1/trustedInvokers/{id}/delete}), over mutual TLS on 127.0.0.1 with the same
 * paths and TLS requirements (a client certificate from the CAPIF CA). It counts fetches and records revocations with
 * the client's identity; its revocation answer can be set (204 by default) to test failures.
 */
public final class JwksServer implements AutoCloseable {

    private final HttpsServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private final List<Revocation> revocations = new CopyOnWriteArrayList<>();
    private volatile int revocationStatus = 204;

    /** A Revoke_Authorization request received: the path, the JSON body, and the client certificate's URI SANs. */
    public record Revocation(String path, String body, List<String> clientUris) {}

    private JwksServer(HttpsServer server) {
        this.server = server;
    }

    public static JwksServer start(TestPki pki, Supplier<String> jwks) {
        try {
            SSLContext ctx = pki.serverSslContext();
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
            server.createContext("/capif-security/v1/trustedInvokers/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                List<String> uris = new ArrayList<>();
                if (exchange instanceof HttpsExchange https) {
                    Certificate[] peer = https.getSSLSession().getPeerCertificates();
                    uris.addAll(uriSans((X509Certificate) peer[0]));
                }
                boolean revoke = "POST".equals(exchange.getRequestMethod())
                        && exchange.getRequestURI().getPath().endsWith("/delete");
                if (revoke) {
                    jwksServer.revocations.add(
                            new Revocation(exchange.getRequestURI().getPath(), body, List.copyOf(uris)));
                }
                exchange.sendResponseHeaders(revoke ? jwksServer.revocationStatus : 405, -1);
                exchange.close();
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

    /** The Revoke_Authorization requests received so far. */
    public List<Revocation> revocations() {
        return List.copyOf(revocations);
    }

    /** Sets the status Revoke_Authorization answers with from now on. */
    public void revocationStatus(int status) {
        this.revocationStatus = status;
    }

    private static List<String> uriSans(X509Certificate certificate) {
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans == null) {
                return List.of();
            }
            return sans.stream()
                    .filter(san -> Integer.valueOf(6).equals(san.get(0)))
                    .map(san -> (String) san.get(1))
                    .toList();
        } catch (java.security.cert.CertificateParsingException e) {
            return List.of();
        }
    }

    public int fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
