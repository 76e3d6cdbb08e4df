package org.capif.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A load generator over mutual TLS with keep-alive (Vert.x HTTP/1.1 client, one connection per concurrent user):
 * closed loop at a given concurrency, or a fixed request rate, for a measured interval after a warm-up.
 */
final class Load {

    /** One request: method, path, content type and body. */
    record Request(String path, String contentType, Buffer body, String authorization) {
        Request(String path, String contentType, Buffer body) {
            this(path, contentType, body, null);
        }
    }

    /** What a run measured. */
    record Result(
            String name,
            int concurrency,
            long requests,
            long errors,
            double seconds,
            Histogram latency,
            long cpuNanos) {

        Result(String name, int concurrency, long requests, long errors, double seconds, Histogram latency) {
            this(name, concurrency, requests, errors, seconds, latency, -1);
        }

        /** CPU time of the measured process per request, in microseconds (NaN if not measured). */
        double cpuMicrosPerCall() {
            return cpuNanos < 0 || requests == 0 ? Double.NaN : cpuNanos / 1e3 / requests;
        }

        double throughput() {
            return requests / seconds;
        }

        double p50Millis() {
            return latency.getValueAtPercentile(50) / 1e6;
        }

        double p99Millis() {
            return latency.getValueAtPercentile(99) / 1e6;
        }

        String row() {
            return String.format(
                    "| %s | %d | %,.0f | %.2f | %.2f | %d |",
                    name, concurrency, throughput(), p50Millis(), p99Millis(), errors);
        }
    }

    private final Vertx vertx;
    private final Path ca;
    private final Path cert;
    private final Path key;
    private final int port;
    private java.util.function.LongSupplier cpu;

    /** Measures this process's CPU time (nanoseconds) over each closed loop's measured window. */
    Load cpu(java.util.function.LongSupplier clock) {
        this.cpu = clock;
        return this;
    }

    Load(Vertx vertx, Path ca, Path cert, Path key, int port) {
        this.vertx = vertx;
        this.ca = ca;
        this.cert = cert;
        this.key = key;
        this.port = port;
    }

    private HttpClient client(int connections) {
        return vertx.createHttpClient(new HttpClientOptions()
                .setSsl(true)
                .setVerifyHost(true)
                .setKeepAlive(true)
                .setMaxPoolSize(connections)
                .setDefaultHost("localhost")
                .setDefaultPort(port)
                .setKeyCertOptions(
                        new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()))
                .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
    }

    /**
     * Closed loop: {@code concurrency} users each send the next request when the previous answered. Stops early when
     * {@code next} returns null (a finite supply, e.g. distinct tokens). {@code onBody} sees every 2xx body.
     */
    Result closedLoop(
            String name,
            int concurrency,
            Duration warmup,
            Duration measure,
            Supplier<Request> next,
            Consumer<Buffer> onBody)
            throws InterruptedException {
        HttpClient client = client(concurrency);
        Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(30), 3);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch users = new CountDownLatch(concurrency);
        for (int u = 0; u < concurrency; u++) {
            vertx.runOnContext(v -> loop(client, next, onBody, latency, done, errors, measuring, running, users));
        }
        Thread.sleep(warmup.toMillis());
        latency.reset();
        done.set(0);
        errors.set(0);
        long cpu0 = cpu == null ? 0 : cpu.getAsLong();
        long start = System.nanoTime();
        measuring.set(true);
        long deadline = start + measure.toNanos();
        while (System.nanoTime() < deadline && users.getCount() == concurrency) {
            Thread.sleep(20);
        }
        measuring.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        long requests = done.get();
        long failed = errors.get();
        long cpuNanos = cpu == null ? -1 : cpu.getAsLong() - cpu0;
        running.set(false);
        users.await(30, TimeUnit.SECONDS);
        client.close();
        return new Result(name, concurrency, requests, failed, seconds, latency.copy(), cpuNanos);
    }

    private void loop(
            HttpClient client,
            Supplier<Request> next,
            Consumer<Buffer> onBody,
            Histogram latency,
            AtomicLong done,
            AtomicLong errors,
            AtomicBoolean measuring,
            AtomicBoolean running,
            CountDownLatch users) {
        Request r = running.get() ? next.get() : null;
        if (r == null) {
            users.countDown();
            return;
        }
        long t0 = System.nanoTime();
        send(client, r).onComplete(ar -> {
            boolean ok = ar.succeeded() && ar.result() != null;
            if (ok && onBody != null) {
                onBody.accept(ar.result());
            }
            if (measuring.get()) {
                latency.recordValue(Math.min(System.nanoTime() - t0, TimeUnit.SECONDS.toNanos(30)));
                done.incrementAndGet();
                if (!ok) {
                    errors.incrementAndGet();
                }
            }
            loop(client, next, onBody, latency, done, errors, measuring, running, users);
        });
    }

    /**
     * Open loop at a fixed rate (requests start on schedule whether earlier ones answered or not, up to
     * {@code maxInFlight}), for the latency at a given load.
     */
    Result fixedRate(
            String name, double perSecond, int maxInFlight, Duration warmup, Duration measure, Supplier<Request> next)
            throws InterruptedException {
        HttpClient client = client(maxInFlight);
        Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(30), 3);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong inFlight = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean(false);
        // One scheduler per event loop, each at its share of the rate, so sending and receiving are spread over
        // both loops like the closed-loop users are.
        int schedulers = 2;
        long periodNanos = (long) (1e9 * schedulers / perSecond);
        long[] timers = new long[schedulers];
        CountDownLatch started = new CountDownLatch(schedulers);
        for (int k = 0; k < schedulers; k++) {
            int slot = k;
            long offset = periodNanos * k / schedulers;
            vertx.runOnContext(v -> {
                long[] due = {System.nanoTime() + offset};
                timers[slot] = vertx.setPeriodic(1, id -> {
                    long now = System.nanoTime();
                    while (due[0] <= now) {
                        long scheduled = due[0];
                        due[0] += periodNanos;
                        if (inFlight.get() >= maxInFlight) {
                            if (measuring.get()) {
                                errors.incrementAndGet();
                            }
                            continue;
                        }
                        inFlight.incrementAndGet();
                        send(client, next.get()).onComplete(ar -> {
                            inFlight.decrementAndGet();
                            if (measuring.get()) {
                                latency.recordValue(
                                        Math.min(System.nanoTime() - scheduled, TimeUnit.SECONDS.toNanos(30)));
                                done.incrementAndGet();
                                if (ar.failed() || ar.result() == null) {
                                    errors.incrementAndGet();
                                }
                            }
                        });
                    }
                });
                started.countDown();
            });
        }
        started.await(5, TimeUnit.SECONDS);
        Thread.sleep(warmup.toMillis());
        latency.reset();
        done.set(0);
        errors.set(0);
        long start = System.nanoTime();
        measuring.set(true);
        Thread.sleep(measure.toMillis());
        measuring.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        for (long t : timers) {
            vertx.cancelTimer(t);
        }
        Thread.sleep(500);
        client.close();
        return new Result(name, maxInFlight, done.get(), errors.get(), seconds, latency.copy());
    }

    /** Sends one request; the future holds the body of a 2xx answer, or null for any other status. */
    private static Future<Buffer> send(HttpClient client, Request r) {
        return client.request(HttpMethod.POST, r.path())
                .compose(req -> {
                    if (r.authorization() != null) {
                        req.putHeader("Authorization", r.authorization());
                    }
                    return req.putHeader("Content-Type", r.contentType())
                            .putHeader("Accept", "application/json")
                            .send(r.body());
                })
                .compose(resp -> resp.body().map(b -> resp.statusCode() / 100 == 2 ? b : null));
    }
}
