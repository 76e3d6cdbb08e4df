package org.capif.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.capif.cli.Http;
import org.capif.common.crypto.CryptoProviders;
import org.capif.local.RunningStack;

/**
 * The benchmarks of issues 3 and 4 against the real local stack (five service JVMs, PostgreSQL, Kafka) on this
 * machine, printing a Markdown report: token issuance, access decisions (reused and new tokens) next to a no-op
 * endpoint on the same server, raw ES256 rates, revocation latency, onboarding-to-token latency and service heap.
 * Run with {@code benchmarks/run} (add {@code --quick} for a short smoke run, {@code --only=latency|tokens|decisions|
 * gateway|audit} for a part; {@code audit}: the auditing API on a million invocation logs, {@link AuditBench}; {@code gateway}: Envoy's gRPC Check and NGINX in front of an AEF, {@link GatewayBench}).
 * {@code --only=replicas} (not part of the full run: it starts two more stacks) compares decisions with 1 and 3
 * validator replicas behind HAProxy ({@link ReplicaBench}).
 */
public final class Benchmarks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEAP =
            Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)", Pattern.MULTILINE);

    private final List<String> report = new ArrayList<>();
    private final Map<String, Double> heapMb = new java.util.LinkedHashMap<>();
    private final Duration warmup;
    private final Duration measure;
    private final int trials;

    private String only = "";

    private Benchmarks(boolean quick) {
        this.warmup = quick ? Duration.ofSeconds(2) : Duration.ofSeconds(5);
        this.measure = quick ? Duration.ofSeconds(3) : Duration.ofSeconds(10);
        this.trials = quick ? 10 : 100;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        Path repo = Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0] : ".");
        Benchmarks b = new Benchmarks(quick);
        for (String a : args) {
            if (a.startsWith("--only=")) {
                b.only = a.substring(7);
            }
        }
        b.run(repo);
        System.exit(0);
    }

    private void run(Path repo) throws Exception {
        double jdkSign = RawCrypto.signPerSecond(2);
        double jdkVerify = RawCrypto.verifyPerSecond(2);
        String provider = CryptoProviders.install(true);
        double sign = RawCrypto.signPerSecond(2);
        double verify = RawCrypto.verifyPerSecond(2);
        int cores = Runtime.getRuntime().availableProcessors();
        line("# CAPIF benchmarks");
        line("");
        line("Machine: " + cores + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version")
                + ". Services: 5 JVMs with -Xmx256m, load generator in a 6th JVM, all on this machine.");
        line("");
        line("## Raw ES256, single thread (signing input 600 bytes)");
        line("");
        line("| provider | sign/s | verify/s |");
        line("|---|---|---|");
        line(String.format("| JDK (SunEC) | %,.0f | %,.0f |", jdkSign, jdkVerify));
        line(String.format("| %s (chosen) | %,.0f | %,.0f |", provider, sign, verify));

        if (only.equals("replicas")) {
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
            try {
                new ReplicaBench(repo, vertx, warmup, measure).run().forEach(this::line);
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
            write(repo);
            return;
        }
        try (RunningStack stack = RunningStack.start(repo, 2000)) {
            Path work = Files.createDirectories(stack.state().resolve("bench"));
            Fixture fixture = new Fixture(stack, work);
            if (only.isEmpty() || only.equals("latency")) {
                latencies(stack, fixture);
            }
            if (only.isEmpty() || only.equals("latency") || only.equals("provider")) {
                providerLatencies(stack, fixture);
            }
            if (only.isEmpty() || only.equals("audit")) {
                new AuditBench(stack).run().forEach(this::line);
            }
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
            try {
                if (only.isEmpty() || only.equals("gateway")) {
                    new GatewayBench(stack, fixture, vertx, warmup, measure)
                            .run()
                            .forEach(this::line);
                    sampleHeap(stack);
                }
                if (only.isEmpty() || only.equals("tokens") || only.equals("decisions")) {
                    ConcurrentLinkedQueue<String> tokens = tokenIssuance(stack, fixture, vertx, sign, cores);
                    if (!only.equals("tokens")) {
                        decisions(stack, fixture, vertx, tokens, verify, cores);
                    }
                }
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
            line("");
            line("## Heap of the services (peak sampled after each phase; limit -Xmx256m)");
            line("");
            heapMb.forEach((k, v) -> line(String.format("- %s: %.0f MB", k, v)));
        }
        write(repo);
    }

    private void write(Path repo) throws Exception {
        String text = String.join("\n", report) + "\n";
        Path out = repo.resolve("benchmarks/target/results.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        System.out.println();
        System.out.println(text);
        System.out.println("(written to " + out + ")");
    }

    /** Onboarding-to-usable latency and revocation latency, over the given number of trials. */
    private void latencies(RunningStack stack, Fixture fixture) throws Exception {
        Http aef = fixture.aef();
        List<Double> usable = new ArrayList<>();
        List<Double> revocation = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            Fixture.Invoker i = fixture.invoker();
            usable.add(i.usableAfterNanos() / 1e6);
            String token = fixture.token(i);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"OK".equals(fixture.decide(aef, token, "monitoring-event", i.thumbprint()))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("validator never allowed invoker " + i.id());
                }
            }
            String expected;
            if (t % 2 == 0) {
                Http.of(stack.path("CAPIF_CA_CERT"), i.cert(), i.key())
                        .json(
                                "DELETE",
                                stack.env("CAPIF_INVOKER_MANAGEMENT_URL")
                                        + "/api-invoker-management/v1/onboardedInvokers/" + i.id(),
                                null);
                expected = "INVOKER_OFFBOARDED";
            } else {
                fixture.operator()
                        .json(
                                "POST",
                                stack.env("CAPIF_SECURITY_URL") + "/capif-security/v1/trustedInvokers/" + i.id()
                                        + "/delete",
                                Map.of(
                                        "apiInvokerId",
                                        i.id(),
                                        "apiIds",
                                        List.of(stack.env("CAPIF_MONITORING_EVENT_API_ID")),
                                        "cause",
                                        "UNEXPECTED_REASON"));
                expected = "AUTHORIZATION_REVOKED";
            }
            long revoked = System.nanoTime();
            while (!expected.equals(fixture.decide(aef, token, "monitoring-event", i.thumbprint()))) {
                if (System.nanoTime() - revoked > 30_000_000_000L) {
                    throw new IllegalStateException("never denied " + i.id());
                }
            }
            revocation.add((System.nanoTime() - revoked) / 1e6);
        }
        line("");
        line("## Latencies over " + trials + " trials (ms)");
        line("");
        line("| what | p50 | p99 | max |");
        line("|---|---|---|---|");
        line(percentiles("onboarding 201 to first token 200 (incl. security context PUT)", usable));
        line(percentiles(
                "revocation 2xx to first DENY at the validator (offboarding / context revocation)", revocation));
        sampleHeap(stack);
    }

    /**
     * The provider domain's propagation, over the trials: a new API published by the demo APF until an onboarding is
     * granted it, and until a token for it is issued (security context included); then unpublished until the
     * validator denies that token.
     */
    private void providerLatencies(RunningStack stack, Fixture fixture) throws Exception {
        Http apf = Http.of(stack.path("CAPIF_CA_CERT"), stack.path("CAPIF_APF_CERT"), stack.path("CAPIF_APF_KEY"));
        String base = stack.env("CAPIF_PROVIDER_MANAGEMENT_URL") + "/published-apis/v1/" + stack.env("CAPIF_APF_ID")
                + "/service-apis";
        Http aef = fixture.aef();
        List<Double> grantable = new ArrayList<>();
        List<Double> usable = new ArrayList<>();
        List<Double> unpublished = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, Object> api = Map.of(
                    "apiName",
                    name,
                    "aefProfiles",
                    List.of(Map.of(
                            "aefId", stack.env("CAPIF_AEF_ID"),
                            "versions", List.of(Map.of("apiVersion", "v1")),
                            "securityMethods", List.of("OAUTH"),
                            "domainName", "localhost")));
            String apiId = apf.json("POST", base, api).json().path("apiId").asText();
            long published = System.nanoTime();
            Fixture.Invoker i = fixture.invokerFor(name, apiId);
            grantable.add((i.grantedAtNanos() - published) / 1e6);
            usable.add((i.grantedAtNanos() + i.usableAfterNanos() - published) / 1e6);
            String token = fixture.token(i);
            apf.json("DELETE", base + "/" + apiId, null);
            long gone = System.nanoTime();
            while ("OK".equals(fixture.decide(aef, token, name, i.thumbprint()))) {
                if (System.nanoTime() - gone > 30_000_000_000L) {
                    throw new IllegalStateException("never denied after unpublishing " + apiId);
                }
            }
            unpublished.add((System.nanoTime() - gone) / 1e6);
        }
        line("");
        line("## Provider domain propagation over " + trials + " trials (ms)");
        line("");
        line("| what | p50 | p99 | max |");
        line("|---|---|---|---|");
        line(percentiles("publish 201 to an onboarding granted the API", grantable));
        line(percentiles("publish 201 to the first token for it (onboarding, security context, token)", usable));
        line(percentiles("unpublish 204 to the first DENY of a live token at the validator", unpublished));
    }

    private ConcurrentLinkedQueue<String> tokenIssuance(
            RunningStack stack, Fixture fixture, Vertx vertx, double sign, int cores) throws Exception {
        Fixture.Invoker i = fixture.invoker();
        Load load = new Load(
                vertx,
                stack.path("CAPIF_CA_CERT"),
                i.cert(),
                i.key(),
                URI.create(stack.env("CAPIF_SECURITY_URL")).getPort());
        Buffer form = Buffer.buffer("grant_type=client_credentials&client_id=" + i.id());
        String path = "/capif-security/v1/securities/" + i.id() + "/token";
        Load.Request request = new Load.Request(path, "application/x-www-form-urlencoded", form);
        ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicInteger kept = new java.util.concurrent.atomic.AtomicInteger();
        Load.Result c1 = load.closedLoop("token, mTLS keep-alive", 1, warmup, measure, () -> request, null);
        Load.Result c32 = load.closedLoop("token, mTLS keep-alive", 32, warmup, measure, () -> request, body -> {
            if (kept.incrementAndGet() <= 400_000) {
                tokens.add(accessToken(body));
            }
        });
        Load.Result half =
                load.fixedRate("token at half of peak", c32.throughput() / 2, 256, warmup, measure, () -> request);
        sampleHeap(stack);
        line("");
        line("## Token issuance (authorization function)");
        line("");
        line("| scenario | concurrency | tokens/s | p50 ms | p99 ms | errors |");
        line("|---|---|---|---|---|---|");
        line(c1.row());
        line(c32.row());
        line(half.row().replace("| 256 |", "| (rate " + String.format("%,.0f", c32.throughput() / 2) + "/s) |"));
        line("");
        double ceiling = cores * sign;
        line(String.format(
                "Peak %,.0f tokens/s = %.0f%% of cores x raw signing rate (%,.0f); target >= 10,000/s and"
                        + " >= 50%%; p99 at half of peak %.2f ms (target < 10 ms).",
                c32.throughput(), 100 * c32.throughput() / ceiling, ceiling, half.p99Millis()));
        return tokens;
    }

    private void decisions(
            RunningStack stack,
            Fixture fixture,
            Vertx vertx,
            ConcurrentLinkedQueue<String> tokens,
            double verify,
            int cores)
            throws Exception {
        Fixture.Invoker i = fixture.invoker();
        String token = fixture.token(i);
        Http aef = fixture.aef();
        while (!"OK".equals(fixture.decide(aef, token, "monitoring-event", i.thumbprint()))) {
            Thread.sleep(5);
        }
        Load load = new Load(
                vertx,
                stack.path("CAPIF_CA_CERT"),
                stack.path("CAPIF_AEF_CERT"),
                stack.path("CAPIF_AEF_KEY"),
                URI.create(stack.env("CAPIF_VALIDATOR_URL")).getPort());
        Load.Request reused = decision(token, i.thumbprint());
        Load.Request noop = new Load.Request("/token-validator/v1/noop", "application/json", reused.body());
        // tokens issued in the token benchmark belong to another invoker: bind them to its certificate thumbprint
        String issuedFor = thumbprintOf(tokens.peek());
        Load.Result noop1 = load.closedLoop("no-op endpoint", 1, warmup, measure, () -> noop, null);
        Load.Result noop64 = load.closedLoop("no-op endpoint", 64, warmup, measure, () -> noop, null);
        Load.Result a1 = load.closedLoop("(a) one token reused", 1, warmup, measure, () -> reused, null);
        Load.Result a64 = load.closedLoop("(a) one token reused", 64, warmup, measure, () -> reused, null);
        Load.Result half =
                load.fixedRate("(a) at half of peak", a64.throughput() / 2, 512, warmup, measure, () -> reused);
        java.util.function.Supplier<Load.Request> fresh = () -> {
            String t = tokens.poll();
            return t == null ? null : decision(t, issuedFor);
        };
        Load.Result b1 = load.closedLoop("(b) a new token each time", 1, Duration.ofMillis(500), measure, fresh, null);
        Load.Result b64 =
                load.closedLoop("(b) a new token each time", 64, Duration.ofMillis(500), measure, fresh, null);
        sampleHeap(stack);
        line("");
        line("## Access decisions (token validator)");
        line("");
        line("| scenario | concurrency | decisions/s | p50 ms | p99 ms | errors |");
        line("|---|---|---|---|---|---|");
        for (Load.Result r : List.of(noop1, noop64, a1, a64, b1, b64)) {
            line(r.row());
        }
        line(half.row().replace("| 512 |", "| (rate " + String.format("%,.0f", a64.throughput() / 2) + "/s) |"));
        line("");
        line(String.format(
                "(a) peak = %.0f%% of the no-op endpoint (target >= 60%%); p99 at half of peak %.2f ms"
                        + " (target < 5 ms). (b) peak %,.0f/s = %.0f%% of cores x raw verify rate (%,.0f; target >= 50%%).",
                100 * a64.throughput() / noop64.throughput(),
                half.p99Millis(),
                b64.throughput(),
                100 * b64.throughput() / (cores * verify),
                cores * verify));
    }

    private static Load.Request decision(String token, String thumbprint) {
        String body = "{\"accessToken\":\"" + token + "\",\"apiName\":\"monitoring-event\",\"clientCertThumbprint\":\""
                + thumbprint + "\"}";
        return new Load.Request("/token-validator/v1/decisions", "application/json", Buffer.buffer(body));
    }

    private static String accessToken(Buffer body) {
        String s = body.toString(StandardCharsets.UTF_8);
        int start = s.indexOf("\"access_token\":\"") + 16;
        return s.substring(start, s.indexOf('"', start));
    }

    private static String thumbprintOf(String token) {
        String claims =
                new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"x5t#S256\":\"([^\"]+)\"").matcher(claims);
        return m.find() ? m.group(1) : "";
    }

    private void sampleHeap(RunningStack stack) throws Exception {
        String[] names = {"invoker-management", "authorization-function", "token-validator"};
        String[] ports = stack.env("CAPIF_MANAGEMENT_PORTS").split(",");
        HttpClient client = HttpClient.newBuilder()
                .sslContext(org.capif.local.ServiceProcess.mutual(
                        stack.path("CAPIF_CA_CERT"),
                        stack.path("CAPIF_MONITORING_CERT"),
                        stack.path("CAPIF_MONITORING_KEY")))
                .build();
        for (int n = 0; n < names.length; n++) {
            String metrics = client.send(
                            HttpRequest.newBuilder(URI.create("https://localhost:" + ports[n] + "/q/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher m = HEAP.matcher(metrics);
            double sum = 0;
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
            heapMb.merge(names[n], sum / 1e6, Math::max);
        }
    }

    private static String percentiles(String name, List<Double> values) {
        return "| " + name + " | " + percentileCells(values);
    }

    /** The p50, p99 and max cells of a Markdown table row, closing the row. */
    static String percentileCells(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        double p50 = sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1);
        double p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
        return String.format("%.1f | %.1f | %.1f |", p50, p99, sorted.get(sorted.size() - 1));
    }

    private void line(String s) {
        report.add(s);
        System.out.println(s);
    }
}
