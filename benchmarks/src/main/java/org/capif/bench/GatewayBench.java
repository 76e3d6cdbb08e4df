package org.capif.bench;

import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.capif.local.RunningStack;

/**
 * The token validator as a gateway's external authorizer (issue 11), on the running local stack (the demo provider's {@code monitoring-event}): Envoy's gRPC Check
 * (a real gRPC client from Envoy's protos, mutual TLS as the AEF) and a real NGINX with the example site of
 * deploy/gateway in front of a trivial upstream, at concurrency 1 and 64 with one token reused, next to the decision
 * endpoint; with the validator's CPU time per call for Check and decisions (the whole validator process, over each
 * measured interval, after both paths were warmed alike).
 */
final class GatewayBench {

    private static final String PATH = "/monitoring-event/v1/scs-1/subscriptions";

    private final RunningStack stack;
    private final Fixture fixture;
    private final Vertx vertx;
    private final Duration warmup;
    private final Duration measure;

    GatewayBench(RunningStack stack, Fixture fixture, Vertx vertx, Duration warmup, Duration measure) {
        this.stack = stack;
        this.fixture = fixture;
        this.vertx = vertx;
        this.warmup = warmup;
        this.measure = measure;
    }

    List<String> run() throws Exception {
        Fixture.Invoker i = fixture.invoker();
        String token = fixture.token(i);
        while (!"OK".equals(fixture.decide(fixture.aef(), token, "monitoring-event", i.thumbprint()))) {
            Thread.sleep(5);
        }
        int port = URI.create(stack.env("CAPIF_VALIDATOR_URL")).getPort();
        ProcessHandle validator = validatorProcess();
        java.util.function.LongSupplier cpu =
                () -> validator.info().totalCpuDuration().orElse(Duration.ZERO).toNanos();

        Load decisions = new Load(
                        vertx,
                        stack.path("CAPIF_CA_CERT"),
                        stack.path("CAPIF_AEF_CERT"),
                        stack.path("CAPIF_AEF_KEY"),
                        port)
                .cpu(cpu);
        String body = "{\"accessToken\":\"" + token + "\",\"apiName\":\"monitoring-event\",\"clientCertThumbprint\":\""
                + i.thumbprint() + "\",\"operation\":\"GET\",\"resource\":\"" + PATH + "\"}";
        Load.Request decision =
                new Load.Request("/token-validator/v1/decisions", "application/json", Buffer.buffer(body));
        CheckRequest check = check(token, Files.readString(i.cert()));
        // Both paths warmed alike before anything is measured: with --only=gateway the validator is cold, and the JIT's
        // CPU would otherwise be billed to whichever path runs first (the decision endpoint).
        for (int round = 0; round < 2; round++) {
            decisions.closedLoop("warm-up", 64, warmup, Duration.ofSeconds(1), () -> decision, null);
            grpc("warm-up", 64, port, check, cpu, Duration.ofSeconds(1));
        }
        List<Load.Result> results = new ArrayList<>();
        for (int c : new int[] {1, 64}) {
            results.add(
                    decisions.closedLoop("decision endpoint (route given)", c, warmup, measure, () -> decision, null));
        }
        for (int c : new int[] {1, 64}) {
            results.add(grpc("gRPC Check (Envoy ext_authz)", c, port, check, cpu, measure));
        }
        HttpServer upstream = vertx.createHttpServer()
                .requestHandler(r -> r.response()
                        .putHeader("Content-Type", "application/json")
                        .end("{}"))
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        Path dir = Files.createTempDirectory(stack.state(), "nginx-");
        Process nginx = startNginx(dir, port, "http://127.0.0.1:" + upstream.actualPort());
        try {
            Load throughNginx = new Load(vertx, stack.path("CAPIF_CA_CERT"), i.cert(), i.key(), nginxPort);
            Load.Request invocation =
                    new Load.Request(PATH, "application/json", Buffer.buffer("{}"), "Bearer " + token);
            for (int c : new int[] {1, 64}) {
                results.add(throughNginx.closedLoop(
                        "NGINX auth_request + upstream", c, warmup, measure, () -> invocation, null));
            }
        } finally {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
            upstream.close();
        }
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("## Gateways: the validator as external authorizer (one token reused)");
        lines.add("");
        lines.add("| scenario | concurrency | requests/s | p50 ms | p99 ms | errors | validator CPU µs/call |");
        lines.add("|---|---|---|---|---|---|---|");
        for (Load.Result r : results) {
            lines.add(r.row()
                    + (Double.isNaN(r.cpuMicrosPerCall()) ? " n/a |" : String.format(" %.0f |", r.cpuMicrosPerCall())));
        }
        lines.add("");
        lines.add(String.format(
                "Validator CPU per call at concurrency 64: gRPC Check %.0f µs, decision endpoint %.0f µs (%.0f%%);"
                        + " at concurrency 1: %.0f µs against %.0f µs (%.0f%%).",
                results.get(3).cpuMicrosPerCall(),
                results.get(1).cpuMicrosPerCall(),
                100 * results.get(3).cpuMicrosPerCall() / results.get(1).cpuMicrosPerCall(),
                results.get(2).cpuMicrosPerCall(),
                results.get(0).cpuMicrosPerCall(),
                100 * results.get(2).cpuMicrosPerCall() / results.get(0).cpuMicrosPerCall()));
        return lines;
    }

    private int nginxPort;

    private Process startNginx(Path dir, int validatorPort, String upstream) throws Exception {
        nginxPort = freePort();
        String site = Files.readString(stack.repo().resolve("deploy/gateway/nginx/capif-aef.conf"));
        Map<String, String> values = Map.of(
                "CAPIF_LISTEN",
                "127.0.0.1:" + nginxPort,
                "CAPIF_SERVER_NAME",
                "localhost",
                "CAPIF_SERVER_CERT",
                stack.pki().file("server.crt").toString(),
                "CAPIF_SERVER_KEY",
                stack.pki().file("server.key").toString(),
                "CAPIF_CA_CERT",
                stack.env("CAPIF_CA_CERT"),
                "CAPIF_AEF_CERT",
                stack.env("CAPIF_AEF_CERT"),
                "CAPIF_AEF_KEY",
                stack.env("CAPIF_AEF_KEY"),
                "CAPIF_VALIDATOR",
                "127.0.0.1:" + validatorPort,
                "CAPIF_VALIDATOR_NAME",
                "localhost",
                "CAPIF_UPSTREAM",
                upstream);
        for (Map.Entry<String, String> e : values.entrySet()) {
            site = site.replace("${" + e.getKey() + "}", e.getValue());
        }
        Files.writeString(dir.resolve("site.conf"), site);
        Files.writeString(
                dir.resolve("nginx.conf"),
                "daemon off;\nworker_processes 1;\npid " + dir.resolve("pid")
                        + ";\nerror_log " + dir.resolve("error.log") + " warn;\nevents { worker_connections 1024; }\n"
                        + "http {\n access_log off;\n client_body_temp_path " + dir.resolve("body")
                        + ";\n proxy_temp_path "
                        + dir.resolve("proxy") + ";\n include " + dir.resolve("site.conf") + ";\n}\n");
        Process p = new ProcessBuilder(
                        "/usr/sbin/nginx",
                        "-p",
                        dir.toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString(),
                        "-e",
                        dir.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", nginxPort)) {
                return p;
            } catch (java.io.IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "nginx did not start: " + Files.readString(dir.resolve("error.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    /** Closed loop of gRPC Check calls with {@code concurrency} calls in flight over one HTTP/2 connection. */
    private Load.Result grpc(
            String name,
            int concurrency,
            int port,
            CheckRequest check,
            java.util.function.LongSupplier cpu,
            Duration measure)
            throws Exception {
        GrpcClient client = GrpcClient.client(
                vertx,
                new HttpClientOptions()
                        .setSsl(true)
                        .setUseAlpn(true)
                        .setProtocolVersion(HttpVersion.HTTP_2)
                        .setHttp2MaxPoolSize(1)
                        .setVerifyHost(true)
                        .setKeyCertOptions(new PemKeyCertOptions()
                                .setCertPath(stack.env("CAPIF_AEF_CERT"))
                                .setKeyPath(stack.env("CAPIF_AEF_KEY")))
                        .setTrustOptions(new PemTrustOptions().addCertPath(stack.env("CAPIF_CA_CERT"))));
        SocketAddress address = SocketAddress.inetSocketAddress(port, "localhost");
        Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(30), 3);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch users = new CountDownLatch(concurrency);
        for (int u = 0; u < concurrency; u++) {
            vertx.runOnContext(v -> call(client, address, check, latency, done, errors, measuring, running, users));
        }
        Thread.sleep(warmup.toMillis());
        latency.reset();
        done.set(0);
        errors.set(0);
        long cpu0 = cpu.getAsLong();
        long start = System.nanoTime();
        measuring.set(true);
        Thread.sleep(measure.toMillis());
        measuring.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpuNanos = cpu.getAsLong() - cpu0;
        long requests = done.get();
        running.set(false);
        users.await(30, TimeUnit.SECONDS);
        client.close();
        return new Load.Result(name, concurrency, requests, errors.get(), seconds, latency.copy(), cpuNanos);
    }

    private void call(
            GrpcClient client,
            SocketAddress address,
            CheckRequest check,
            Histogram latency,
            AtomicLong done,
            AtomicLong errors,
            AtomicBoolean measuring,
            AtomicBoolean running,
            CountDownLatch users) {
        if (!running.get()) {
            users.countDown();
            return;
        }
        long t0 = System.nanoTime();
        client.request(address, AuthorizationGrpc.getCheckMethod())
                .compose(req -> {
                    req.end(check);
                    return req.response().compose(r -> r.last());
                })
                .onComplete(ar -> {
                    if (measuring.get()) {
                        latency.recordValue(Math.min(System.nanoTime() - t0, TimeUnit.SECONDS.toNanos(30)));
                        done.incrementAndGet();
                        if (ar.failed() || !ar.result().hasOkResponse()) {
                            errors.incrementAndGet();
                        }
                    }
                    call(client, address, check, latency, done, errors, measuring, running, users);
                });
    }

    private static CheckRequest check(String token, String invokerPem) {
        StringBuilder escaped = new StringBuilder();
        for (char ch : invokerPem.toCharArray()) {
            if (ch == '\n' || ch == ' ' || ch == '+' || ch == '/' || ch == '=') {
                escaped.append(String.format("%%%02X", (int) ch));
            } else {
                escaped.append(ch);
            }
        }
        return CheckRequest.newBuilder()
                .setAttributes(AttributeContext.newBuilder()
                        .setSource(AttributeContext.Peer.newBuilder().setCertificate(escaped.toString()))
                        .setRequest(AttributeContext.Request.newBuilder()
                                .setHttp(AttributeContext.HttpRequest.newBuilder()
                                        .setMethod("GET")
                                        .setPath(PATH)
                                        .setHost("localhost:8443")
                                        .putHeaders("authorization", "Bearer " + token)))
                        .putContextExtensions("api_name", "monitoring-event"))
                .build();
    }

    private ProcessHandle validatorProcess() {
        for (long pid : stack.servicePids()) {
            ProcessHandle p = ProcessHandle.of(pid).orElse(null);
            if (p != null && p.info().commandLine().orElse("").contains("token-validator")) {
                return p;
            }
        }
        throw new IllegalStateException("no token-validator process among " + stack.servicePids());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
