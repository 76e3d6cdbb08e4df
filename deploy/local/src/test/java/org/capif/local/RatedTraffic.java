package org.capif.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Decisions without pause at chosen validators, counted per calendar second: per-second limits across replicas. */
final class RatedTraffic {

    private RatedTraffic() {}

    /**
     * Decides without pause from one connection per validator for the given time; per calendar second of this
     * machine's clock (the validators' clock: they run here), in order, the decisions admitted certainly in that
     * second (sent and answered in it) and those answered in it but sent in the second before.
     */
    static Map<Long, int[]> run(RunningStack stack, List<String> validators, String body, Duration length)
            throws Exception {
        Map<Long, AtomicInteger> admitted = new ConcurrentHashMap<>();
        Map<Long, AtomicInteger> straddling = new ConcurrentHashMap<>();
        long end = System.nanoTime() + length.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(validators.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (String validator : validators) {
                PlainHttps client = PlainHttps.of(
                        stack.path("CAPIF_CA_CERT"), stack.path("CAPIF_AEF_CERT"), stack.path("CAPIF_AEF_KEY"));
                running.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long sent = java.time.Instant.now().getEpochSecond();
                        HttpResponse<String> r = client.send(
                                "POST", validator + "/token-validator/v1/decisions", "application/json", body);
                        long second = java.time.Instant.now().getEpochSecond();
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                        String reason =
                                ClusterInvoker.json(r.body()).path("reason").asText();
                        assertThat(reason).isIn("OK", "POLICY_RATE_EXCEEDED");
                        if ("OK".equals(reason)) {
                            // a decision sent in one second and answered in the next was admitted in either
                            (sent == second ? admitted : straddling)
                                    .computeIfAbsent(second, k -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Map<Long, int[]> out = new java.util.TreeMap<>();
        admitted.forEach((s, n) -> out.computeIfAbsent(s, k -> new int[2])[0] = n.get());
        straddling.forEach((s, n) -> out.computeIfAbsent(s, k -> new int[2])[1] = n.get());
        return out;
    }

    static String show(Map<Long, int[]> run) {
        StringBuilder sb = new StringBuilder();
        run.forEach((s, n) -> sb.append(sb.isEmpty() ? "" : ", ").append(n[0]).append(n[1] > 0 ? "+" + n[1] : ""));
        return "[" + sb + "]";
    }
}
