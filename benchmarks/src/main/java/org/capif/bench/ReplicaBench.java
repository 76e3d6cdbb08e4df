package org.capif.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.capif.cli.Http;
import org.capif.local.RunningStack;

/**
 * Access decisions with 1 and with 3 token validator replicas behind the local stack's TLS-passthrough HAProxy
 * ({@code capif-local --replicas}; issue 12): the same cluster otherwise (2 authorization functions, 1 of each other
 * service), one stack per validator count, one reused token, closed loop. Reports throughput, latency and the CPU time
 * the validators and HAProxy spent per decision; on a 2-core machine more replicas cannot add cores, so the figures
 * show the cost of the extra processes, not a scaling a cluster of machines would see.
 */
final class ReplicaBench {

    private static final int CONCURRENCY = 32;

    private final Path repo;
    private final Vertx vertx;
    private final Duration warmup;
    private final Duration measure;

    ReplicaBench(Path repo, Vertx vertx, Duration warmup, Duration measure) {
        this.repo = repo;
        this.vertx = vertx;
        this.warmup = warmup;
        this.measure = measure;
    }

    List<String> run() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("## Decisions with 1 and 3 validator replicas behind HAProxy (TLS passthrough)");
        lines.add("");
        lines.add("| validators | concurrency | decisions/s | p50 ms | p99 ms | errors | validators' CPU us/decision"
                + " | HAProxy CPU us/decision |");
        lines.add("|---|---|---|---|---|---|---|---|");
        for (int n : new int[] {1, 3}) {
            lines.add(measure(n));
        }
        lines.add("");
        lines.add("One machine with " + Runtime.getRuntime().availableProcessors()
                + " cores runs every process (services, PostgreSQL, Kafka, HAProxy, load generator): more validator"
                + " processes share the same cores, so throughput cannot grow with them here.");
        return lines;
    }

    private String measure(int validators) throws Exception {
        try (RunningStack stack = RunningStack.start(
                repo, 2000, "--replicas", "authorization-function=2,token-validator=" + validators)) {
            Fixture fixture =
                    new Fixture(stack, Files.createDirectories(stack.state().resolve("bench")));
            Fixture.Invoker i = fixture.invoker();
            String token = fixture.token(i);
            Http aef = fixture.aef();
            while (!"OK".equals(fixture.decide(aef, token, "monitoring-event", i.thumbprint()))) {
                Thread.sleep(5);
            }
            List<ProcessHandle> validatorProcesses = new ArrayList<>();
            for (int r = 1; r <= validators; r++) {
                validatorProcesses.add(
                        ProcessHandle.of(stack.pid("token-validator-" + r)).orElseThrow());
            }
            String marker = stack.state().toString();
            List<ProcessHandle> haproxy = ProcessHandle.allProcesses()
                    .filter(h -> h.info()
                            .commandLine()
                            .map(c -> c.contains("haproxy") && c.contains(marker))
                            .orElse(false))
                    .toList();
            long[] haproxyCpu = new long[2];
            LongSupplier validatorCpu = () -> {
                haproxyCpu[0] = haproxyCpu[1];
                haproxyCpu[1] = cpu(haproxy);
                return cpu(validatorProcesses);
            };
            Load load = new Load(
                            vertx,
                            stack.path("CAPIF_CA_CERT"),
                            stack.path("CAPIF_AEF_CERT"),
                            stack.path("CAPIF_AEF_KEY"),
                            URI.create(stack.env("CAPIF_VALIDATOR_URL")).getPort())
                    .cpu(validatorCpu);
            String body = "{\"accessToken\":\"" + token + "\",\"apiName\":\"monitoring-event\","
                    + "\"clientCertThumbprint\":\"" + i.thumbprint() + "\"}";
            Load.Request reused =
                    new Load.Request("/token-validator/v1/decisions", "application/json", Buffer.buffer(body));
            Load.Result r =
                    load.closedLoop(validators + " validator(s)", CONCURRENCY, warmup, measure, () -> reused, null);
            double haproxyMicros =
                    r.requests() == 0 ? Double.NaN : (haproxyCpu[1] - haproxyCpu[0]) / 1e3 / r.requests();
            return String.format(
                    "| %d | %d | %,.0f | %.2f | %.2f | %d | %.0f | %.0f |",
                    validators,
                    CONCURRENCY,
                    r.throughput(),
                    r.p50Millis(),
                    r.p99Millis(),
                    r.errors(),
                    r.cpuMicrosPerCall(),
                    haproxyMicros);
        }
    }

    private static long cpu(List<ProcessHandle> processes) {
        return processes.stream()
                .mapToLong(
                        p -> p.info().totalCpuDuration().orElse(Duration.ZERO).toNanos())
                .sum();
    }
}
