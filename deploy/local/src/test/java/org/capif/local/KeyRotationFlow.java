package org.capif.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.capif.common.cert.KeyPairs;
import org.capif.common.cert.Pem;
import org.capif.common.datastore.CapifService;

/**
 * The signing-key rotation of docs/operations.md with several authorization functions and validators, under
 * traffic: new tokens from the balanced authorization functions, each decided at every validator, while a new key is
 * added, published by each AF replica at its own reload time, made active (each replica switches at its own time, so
 * both keys sign for a while) and the validators learn it on their own. No valid token may fail anywhere.
 */
final class KeyRotationFlow {

    /**
     * What the traffic saw: tokens per phase ({@code before} the switch, {@code switching} while the replicas reload,
     * {@code after}) and key ({@code old}, {@code new}), and every failure.
     */
    record Result(Map<String, Integer> tokensPerKid, List<String> failures, int decisions) {}

    private final RunningStack stack;
    private final PlainHttps aef;
    private final List<String> validators;
    private final List<String> authorizationFunctions;

    KeyRotationFlow(RunningStack stack, PlainHttps aef, List<String> validators, List<String> authorizationFunctions) {
        this.stack = stack;
        this.aef = aef;
        this.validators = validators;
        this.authorizationFunctions = authorizationFunctions;
    }

    Result run() throws Exception {
        String lb = stack.env("CAPIF_SECURITY_URL");
        ClusterInvoker invoker = ClusterInvoker.onboard(stack, "rotation", stack.env("CAPIF_INVOKER_MANAGEMENT_URL"));
        assertThat(invoker.createContext(lb).statusCode()).isEqualTo(201);
        String warm = invoker.decisionBody(invoker.token(lb));
        for (String validator : validators) {
            awaitOk(validator, warm);
        }
        Path keys = stack.pki().file("token-keys");
        String oldKid = Files.readString(keys.resolve("active-kid")).strip();
        String newKid = "rotated-" + System.currentTimeMillis();

        Map<String, AtomicInteger> perKid = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger decisions = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicReference<String> phase =
                new java.util.concurrent.atomic.AtomicReference<>("before");
        Thread traffic = new Thread(() -> {
            while (running.get()) {
                try {
                    String when = phase.get();
                    String token = invoker.token(lb);
                    String kid = kid(token);
                    String name = kid.equals(oldKid) ? "old" : kid.equals(newKid) ? "new" : kid;
                    perKid.computeIfAbsent(when + " " + name, k -> new AtomicInteger())
                            .incrementAndGet();
                    String body = invoker.decisionBody(token);
                    for (String validator : validators) {
                        HttpResponse<String> r =
                                aef.send("POST", validator + "/token-validator/v1/decisions", "application/json", body);
                        decisions.incrementAndGet();
                        String reason =
                                ClusterInvoker.json(r.body()).path("reason").asText();
                        if (r.statusCode() != 200 || !"OK".equals(reason)) {
                            failures.add(validator + " " + kid(token) + " " + r.statusCode() + " " + reason);
                        }
                    }
                } catch (Throwable e) {
                    failures.add("token or decision failed: " + e);
                }
            }
        });
        traffic.start();
        try {
            Thread.sleep(1000);
            // 1. add the key: each authorization function publishes it at its own next reload
            write(keys, newKid + ".key", Pem.encode(KeyPairs.ecP256().getPrivate()));
            for (String af : authorizationFunctions) {
                awaitPublished(af, newKid);
            }
            // 2. make it active: each replica switches at its own next reload; the validators see the new kid in
            // tokens before any regular refresh and fetch the key set on demand
            phase.set("switching");
            write(keys, "active-kid", newKid + "\n");
            // every replica re-reads the directory within capif.token.key-reload-period (30 s)
            Thread.sleep(Duration.ofSeconds(33).toMillis());
            phase.set("after");
            Thread.sleep(Duration.ofSeconds(5).toMillis());
        } finally {
            running.set(false);
            traffic.join();
        }
        Map<String, Integer> counts = new java.util.TreeMap<>();
        perKid.forEach((k, v) -> counts.put(k, v.get()));
        return new Result(counts, new ArrayList<>(failures), decisions.get());
    }

    private void awaitPublished(String af, String kid) throws Exception {
        PlainHttps service = PlainHttps.of(
                stack.path("CAPIF_CA_CERT"),
                stack.pki().serviceCert(CapifService.TOKEN_VALIDATOR),
                stack.pki().serviceKey(CapifService.TOKEN_VALIDATOR));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> r = service.send("GET", af + "/.well-known/jwks.json", null, null);
            if (r.statusCode() == 200 && r.body().contains("\"" + kid + "\"")) {
                return;
            }
            assertThat(System.nanoTime()).as(af + " publishes " + kid).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private void awaitOk(String validator, String body) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            HttpResponse<String> r =
                    aef.send("POST", validator + "/token-validator/v1/decisions", "application/json", body);
            if (r.statusCode() == 200
                    && "OK".equals(ClusterInvoker.json(r.body()).path("reason").asText())) {
                return;
            }
            assertThat(System.nanoTime()).as(validator + " allows").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Writes a file of the key directory the way an operator's tooling should: whole, then renamed into place. */
    private static void write(Path dir, String name, String content) throws Exception {
        Path tmp = Files.createTempFile(
                dir,
                ".incoming-",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, content);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String kid(String jwt) throws Exception {
        String header =
                new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
        return ClusterInvoker.json(header).path("kid").asText();
    }
}
