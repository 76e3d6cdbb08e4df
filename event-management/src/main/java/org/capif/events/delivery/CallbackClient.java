package org.capif.events.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends notifications to callback URLs that outsiders chose, safely (Apache HttpClient 5):
 *
 * <ol>
 *   <li>the host name is resolved by this client, and every address it resolves to must be allowed by the
 *       {@link CallbackPolicy} (no loopback, link-local, private or cluster-internal address unless allow-listed);
 *       the connection goes to exactly the addresses checked, so a name re-pointed after the subscription (DNS
 *       rebinding) cannot reach inside the operator's network;
 *   <li>TLS 1.3 or 1.2 with the server's certificate verified against the JDK's trust anchors (plus
 *       {@code capif.callbacks.trust-certs}) and the URL's host name; no client certificate is presented (it would name
 *       an internal service);
 *   <li>connect and read timeouts and a hard deadline for the whole exchange; redirects are not followed (a 3xx is a
 *       failed attempt); no retries inside the client (delivery retries with back-off); no proxy, cookies or
 *       authentication;
 *   <li>at most {@code maxResponseBytes} of the answer are read; the connection is dropped rather than drained.
 * </ol>
 *
 * Failures are values: {@link #post} never throws.
 */
public final class CallbackClient implements AutoCloseable {

    /** Resolves a host name to addresses (the JDK's resolver; tests substitute one). */
    @FunctionalInterface
    public interface Lookup {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * The outcome of one attempt: the status (0 if no answer) and, for a failure without answer, a short reason for
     * the operator's log (never shown to subscribers).
     */
    public record Outcome(int status, String failure) {
        public boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    /** Reason of a refused address; the message is what the log shows. */
    static final String ADDRESS_REFUSED = "callback address not allowed";

    private final CloseableHttpClient client;
    private final Duration deadline;
    private final int maxResponseBytes;
    private final ScheduledExecutorService timer;

    public CallbackClient(
            CallbackPolicy policy,
            SSLContext ssl,
            Duration connectTimeout,
            Duration readTimeout,
            int maxResponseBytes,
            int maxConnections,
            Lookup lookup) {
        this.maxResponseBytes = maxResponseBytes;
        this.deadline = connectTimeout.plus(readTimeout).plusSeconds(1);
        DnsResolver resolver = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                InetAddress[] all = lookup.resolve(host);
                if (all == null || all.length == 0) {
                    throw new UnknownHostException("no address");
                }
                for (InetAddress a : all) {
                    if (!policy.allowed(a)) {
                        throw new UnknownHostException(ADDRESS_REFUSED);
                    }
                }
                return all;
            }

            @Override
            public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
                List<InetSocketAddress> out = new ArrayList<>();
                for (InetAddress a : resolve(host)) {
                    out.add(new InetSocketAddress(a, port));
                }
                return out;
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(resolver)
                .setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
                        .setSslContext(ssl)
                        .setTlsVersions("TLSv1.3", "TLSv1.2")
                        .buildClassic())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(readTimeout))
                        .setTimeToLive(Timeout.ofSeconds(60))
                        .build())
                .setDefaultSocketConfig(SocketConfig.custom()
                        .setSoTimeout(Timeout.of(readTimeout))
                        .build())
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(2)
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setResponseTimeout(Timeout.of(readTimeout))
                        .setConnectionRequestTimeout(Timeout.of(connectTimeout))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent("CAPIF")
                .build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "capif-callback-deadline");
            t.setDaemon(true);
            return t;
        });
    }

    /** POSTs a JSON body with extra headers; the outcome, never an exception. */
    public Outcome post(String url, String json, Map<String, String> headers) {
        HttpPost post;
        try {
            post = new HttpPost(url);
        } catch (IllegalArgumentException e) {
            return new Outcome(0, "invalid URL");
        }
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8)));
        headers.forEach(post::setHeader);
        ScheduledFuture<?> cutoff = timer.schedule(post::cancel, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try {
            ClassicHttpResponse response = client.executeOpen(null, post, null);
            int status = response.getCode();
            try {
                if (response.getEntity() != null) {
                    InputStream in = response.getEntity().getContent();
                    if (in != null && in.readNBytes(maxResponseBytes).length == maxResponseBytes && in.read() >= 0) {
                        post.cancel(); // more than we read: drop the connection instead of draining it
                    }
                }
            } catch (IOException | RuntimeException e) {
                post.cancel(); // the status came; the rest of the answer does not matter
            } finally {
                closeQuietly(response);
            }
            return new Outcome(status, null);
        } catch (IOException | RuntimeException e) {
            return new Outcome(0, reason(e, post.isCancelled()));
        } finally {
            cutoff.cancel(false);
        }
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException | RuntimeException ignored) {
            // the connection is discarded anyway
        }
    }

    private static String reason(Throwable e, boolean cancelled) {
        if (cancelled) {
            return "deadline exceeded";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException u && ADDRESS_REFUSED.equals(u.getMessage())) {
                return ADDRESS_REFUSED;
            }
        }
        return e.getClass().getSimpleName();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            client.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
