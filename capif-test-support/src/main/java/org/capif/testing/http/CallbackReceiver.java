package org.capif.testing.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.capif.common.cert.Pem;

/**
 * A real HTTPS server on 127.0.0.1 that plays a subscriber's notification endpoint in tests: it records every request
 * (path, {@code Capif-Event-Id} header, body, time) and answers with a status a test can change at any time (204 by
 * default; 500 for a while; a slow or oversized answer). Its certificate comes from the test CA, for
 * {@code localhost} and {@code 127.0.0.1}.
 */
public final class CallbackReceiver implements AutoCloseable {

    /** One request received. */
    public record Received(String path, String eventId, String body, int answered, Instant at) {}

    private final HttpsServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile ToIntFunction<HttpExchange> status = e -> 204;
    private volatile Duration delay = Duration.ZERO;
    private volatile int extraBodyBytes;

    private CallbackReceiver(HttpsServer server) {
        this.server = server;
    }

    /**
     * Starts a receiver with the server certificate and key in these PEM files (e.g. from
     * {@code TestPki.server(name, false, List.of("localhost"), List.of("127.0.0.1"))}).
     */
    public static CallbackReceiver start(Path certFile, Path keyFile) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            List<java.security.cert.X509Certificate> chain = Pem.certificates(Files.readString(certFile));
            ks.setKeyEntry(
                    "server",
                    Pem.privateKey(Files.readString(keyFile)),
                    "x".toCharArray(),
                    chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "x".toCharArray());
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.setHttpsConfigurator(new HttpsConfigurator(ssl) {
                @Override
                public void configure(HttpsParameters params) {
                    params.setSSLParameters(ssl.getDefaultSSLParameters());
                }
            });
            server.setExecutor(Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "callback-receiver");
                t.setDaemon(true);
                return t;
            }));
            CallbackReceiver receiver = new CallbackReceiver(server);
            server.createContext("/", receiver::handle);
            server.start();
            return receiver;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the callback receiver", e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            int answer = status.applyAsInt(exchange);
            received.add(new Received(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Capif-Event-Id"),
                    body,
                    answer,
                    Instant.now()));
            if (extraBodyBytes > 0) {
                exchange.sendResponseHeaders(answer, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    byte[] chunk = new byte[8192];
                    for (int sent = 0; sent < extraBodyBytes; sent += chunk.length) {
                        out.write(chunk);
                    }
                }
            } else {
                exchange.sendResponseHeaders(answer, -1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (a deadline, a dropped connection): the request is recorded anyway
        }
    }

    /** {@code https://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers every later request with this status. */
    public CallbackReceiver answer(int code) {
        this.status = e -> code;
        return this;
    }

    /** Answers every later request with what the function says. */
    public CallbackReceiver answer(ToIntFunction<HttpExchange> code) {
        this.status = code;
        return this;
    }

    /** Waits this long before answering each later request. */
    public CallbackReceiver delay(Duration d) {
        this.delay = d;
        return this;
    }

    /** Sends this many bytes of body with each later answer. */
    public CallbackReceiver oversized(int bytes) {
        this.extraBodyBytes = bytes;
        return this;
    }

    /** Every request so far, in the order they were answered. */
    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** The requests to one path. */
    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits until the requests so far satisfy the condition; returns them (the caller asserts). */
    public List<Received> await(Duration timeout, Predicate<List<Received>> until) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Received> now = received();
            if (until.test(now)) {
                return now;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return received();
    }

    public void clear() {
        received.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
