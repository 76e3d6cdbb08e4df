package org.capif.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The CAPIF core with several replicas of each service as separate real processes on one machine (the local stack's
 * cluster mode: 2 invoker management, 2 authorization functions, 3 token validators, 1 provider management, 2 event
 * management), sharing one PostgreSQL and one Kafka, behind a TLS-passthrough HAProxy: an onboarding at either invoker
 * management replica is usable at every replica; a revocation denies at every validator within 1 s (p99); an allowed
 * total is never exceeded across validators; a per-second limit holds across validators and a connection pinned to
 * one gets all of it; event notifications survive a replica of event management stopped mid-stream and restarted
 * ({@link EventDeliveryCrashFlow}); a signing-key rotation under traffic fails no valid token; a Kafka broker restart
 * and a PostgreSQL restart under traffic lose no acknowledged write; the unused invocations a validator leased come
 * back when it stops (SIGTERM); and a replica of the validator, the authorization function or invoker management
 * killed with SIGKILL mid-traffic costs only the requests on its own connections. The stop and the kills come last:
 * each test stands alone, but a stopped or killed replica degrades the shared stack for the others (its Kafka
 * partitions wait for the consumer group's session timeout, see docs/operations.md).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasE2eTest {

    private static final String DECISIONS = "/token-validator/v1/decisions";

    private static RunningStack stack;
    private static PlainHttps aef;

    @BeforeAll
    static void start() throws Exception {
        stack = RunningStack.start(
                2000 + ThreadLocalRandom.current().nextInt(0, 40) * 10,
                "--replicas",
                "invoker-management=2,authorization-function=2,token-validator=3,event-management=2");
        aef = PlainHttps.of(stack.path("CAPIF_CA_CERT"), stack.path("CAPIF_AEF_CERT"), stack.path("CAPIF_AEF_KEY"));
    }

    @AfterAll
    static void stopThenNothingIsLeft() throws Exception {
        if (stack == null) {
            return;
        }
        EventDeliveryCrashFlow.stopRestarted();
        stack.close();
        for (long pid : stack.servicePids()) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("service process %d", pid)
                    .isFalse();
        }
        assertThat(stack.leftovers())
                .as("processes of the stack (balancer included) still running")
                .isEmpty();
    }

    /** The URLs of a service's replicas still alive (a test may have killed one), each directly. */
    private static List<String> replicas(String service) {
        List<String> all =
                Arrays.asList(stack.env("CAPIF_" + service + "_REPLICAS").split(","));
        List<String> live = new ArrayList<>();
        for (int r = 1; r <= all.size(); r++) {
            String name = service.toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-" + r;
            if (ProcessHandle.of(stack.pid(name)).map(ProcessHandle::isAlive).orElse(false)) {
                live.add(all.get(r - 1));
            }
        }
        return live;
    }

    @Test
    @Order(1)
    void onboardingWhenAtEitherInvokerManagementReplicaThenUsableAtEveryReplica() throws Exception {
        assertThat(stack.env("CAPIF_INVOKER_MANAGEMENT_REPLICAS").split(",")).hasSize(2);
        assertThat(stack.env("CAPIF_AUTHORIZATION_FUNCTION_REPLICAS").split(","))
                .hasSize(2);
        assertThat(stack.env("CAPIF_TOKEN_VALIDATOR_REPLICAS").split(",")).hasSize(3);
        List<String> ims = replicas("INVOKER_MANAGEMENT");
        List<String> afs = replicas("AUTHORIZATION_FUNCTION");
        List<String> validators = replicas("TOKEN_VALIDATOR");
        for (int i = 0; i < ims.size(); i++) {
            ClusterInvoker invoker = ClusterInvoker.onboard(stack, "everywhere-" + i, ims.get(i));
            for (String im : ims) {
                HttpResponse<String> discovered = invoker.discover(im);
                assertThat(discovered.statusCode())
                        .as(im + ": " + discovered.body())
                        .isEqualTo(200);
                assertThat(discovered.body()).contains(stack.env("CAPIF_MONITORING_EVENT_API_ID"));
            }
            // the context at one authorization function, read and used at every one
            HttpResponse<String> created = invoker.createContext(afs.get(i % afs.size()));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            List<String> tokens = new ArrayList<>();
            for (String af : afs) {
                HttpResponse<String> read = invoker.readContext(af);
                assertThat(read.statusCode()).as(af + ": " + read.body()).isEqualTo(200);
                assertThat(read.body()).contains(stack.env("CAPIF_MONITORING_EVENT_API_ID"));
                tokens.add(invoker.token(af));
            }
            for (String validator : validators) {
                for (String token : tokens) {
                    long t0 = System.nanoTime();
                    Map.Entry<String, Duration> allowed =
                            awaitReason(validator, invoker.decisionBody(token), "OK", t0, Duration.ofSeconds(10));
                    assertThat(allowed.getKey()).as(validator).isEqualTo("ALLOW");
                }
            }
        }
    }

    @Test
    @Order(2)
    void revocationWhenContextDeletedThenEveryValidatorDeniesWithinOneSecondP99() throws Exception {
        List<String> validators = replicas("TOKEN_VALIDATOR");
        String lb = stack.env("CAPIF_SECURITY_URL");
        ClusterInvoker invoker = ClusterInvoker.onboard(stack, "revoked", stack.env("CAPIF_INVOKER_MANAGEMENT_URL"));
        int trials = 20;
        long[] worst = new long[trials];
        long[][] each = new long[trials][validators.size()];
        for (int trial = 0; trial < trials; trial++) {
            HttpResponse<String> created = invoker.createContext(lb);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String body = invoker.decisionBody(invoker.token(lb));
            for (String validator : validators) {
                assertThat(awaitReason(validator, body, "OK", System.nanoTime(), Duration.ofSeconds(10))
                                .getKey())
                        .isEqualTo("ALLOW");
            }
            long t0 = System.nanoTime();
            HttpResponse<String> deleted =
                    aef.send("DELETE", lb + "/capif-security/v1/trustedInvokers/" + invoker.id(), null, null);
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
            long revokedAtMillis = System.currentTimeMillis();
            for (int v = 0; v < validators.size(); v++) {
                Map.Entry<String, Duration> denied =
                        awaitReason(validators.get(v), body, "AUTHORIZATION_REVOKED", t0, Duration.ofSeconds(10));
                assertThat(denied.getKey()).isEqualTo("DENY");
                each[trial][v] = denied.getValue().toMillis();
            }
            worst[trial] = Arrays.stream(each[trial]).max().orElseThrow();
            // a token issued in the revocation's second counts as revoked (iat has second precision, decision D15)
            Thread.sleep(Math.max(0, (revokedAtMillis / 1000 + 1) * 1000 + 50 - System.currentTimeMillis()));
        }
        long[] sorted = worst.clone();
        Arrays.sort(sorted);
        long p50 = sorted[(int) Math.ceil(0.50 * trials) - 1];
        long p99 = sorted[(int) Math.ceil(0.99 * trials) - 1];
        System.out.printf(
                "revocation to denial at all %d validators (from the DELETE's start, %d trials): p50 %d ms, p99 %d ms,"
                        + " max %d ms; per trial and validator: %s%n",
                validators.size(), trials, p50, p99, sorted[trials - 1], Arrays.deepToString(each));
        assertThat(Duration.ofMillis(p99)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    @Order(3)
    void allowedTotalWhenDecidedConcurrentlyAtThreeValidatorsThenNeverExceededNorLost() throws Exception {
        List<String> validators = replicas("TOKEN_VALIDATOR");
        ClusterInvoker invoker = refusedEverywhere("limited", "--total", "POLICY_TOTAL_EXCEEDED");
        String body = invoker.decisionBody(invoker.token(stack.env("CAPIF_SECURITY_URL")));
        int total = 45; // two full leases of 20 and a partial one
        setTotal(invoker, total);
        Thread.sleep(1000); // policy events reach the validators in milliseconds

        int threadsPerValidator = 3;
        int decisionsPerThread = 40;
        Map<String, AtomicInteger> allowed = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> reasons = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(validators.size() * threadsPerValidator);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (String validator : validators) {
                for (int t = 0; t < threadsPerValidator; t++) {
                    PlainHttps client = PlainHttps.of(
                            stack.path("CAPIF_CA_CERT"), stack.path("CAPIF_AEF_CERT"), stack.path("CAPIF_AEF_KEY"));
                    running.add(pool.submit(() -> {
                        for (int i = 0; i < decisionsPerThread; i++) {
                            HttpResponse<String> r =
                                    client.send("POST", validator + DECISIONS, "application/json", body);
                            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                            var answer = ClusterInvoker.json(r.body());
                            reasons.computeIfAbsent(answer.path("reason").asText(), k -> new AtomicInteger())
                                    .incrementAndGet();
                            if ("ALLOW".equals(answer.path("decision").asText())) {
                                allowed.computeIfAbsent(validator, k -> new AtomicInteger())
                                        .incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        int admitted = allowed.values().stream().mapToInt(AtomicInteger::get).sum();
        System.out.printf(
                "allowed total %d, %d concurrent decisions at %d validators: %d admitted (%s), answers %s%n",
                total,
                validators.size() * threadsPerValidator * decisionsPerThread,
                validators.size(),
                admitted,
                allowed,
                reasons);
        assertThat(reasons.keySet()).containsOnly("OK", "POLICY_TOTAL_EXCEEDED");
        // never more than the total; and none stranded, since every validator asked again after its block ran out
        assertThat(admitted).isEqualTo(total);
    }

    @Test
    @Order(4)
    void perSecondLimitWhenOneConnectionPinnedOrSpreadOverValidatorsThenAtMostTheLimitEachSecond() throws Exception {
        List<String> validators = replicas("TOKEN_VALIDATOR");
        ClusterInvoker invoker = refusedEverywhere("rated", "--per-second", "POLICY_RATE_EXCEEDED");
        String body = invoker.decisionBody(invoker.token(stack.env("CAPIF_SECURITY_URL")));
        int limit = 30;
        setPolicy(invoker, "--per-second", String.valueOf(limit));
        awaitReason(validators.get(0), body, "OK", System.nanoTime(), Duration.ofSeconds(10));
        for (String validator : validators) {
            awaitReason(validator, body, "OK", System.nanoTime(), Duration.ofSeconds(10));
        }
        Thread.sleep(1100); // a fresh second for each run below

        // one AEF connection pinned to one validator gets the whole limit, not a third of it
        Map<Long, int[]> pinned = RatedTraffic.run(stack, List.of(validators.get(0)), body, Duration.ofSeconds(4));
        // connections spread over every validator get the limit together, never more
        Map<Long, int[]> spread = RatedTraffic.run(stack, validators, body, Duration.ofSeconds(4));
        System.out.printf(
                "allowedInvocationsPerSecond %d with %d validators: admitted per calendar second, one pinned"
                        + " connection %s, spread over all %s%n",
                limit, validators.size(), RatedTraffic.show(pinned), RatedTraffic.show(spread));
        for (Map<Long, int[]> run : List.of(pinned, spread)) {
            assertThat(run.values()).allSatisfy(n -> assertThat(n[0]).isLessThanOrEqualTo(limit));
            // the seconds wholly inside the run (not the first or the last) get the limit, less at most a slice
            // (3) per validator: traffic never stopped
            List<int[]> inner = new ArrayList<>(run.values()).subList(1, run.size() - 1);
            assertThat(inner).isNotEmpty().allSatisfy(n -> assertThat(n[0] + n[1])
                    .as("admitted in a whole second")
                    .isGreaterThanOrEqualTo(limit - validators.size() * 3));
        }
        assertThat(pinned.values().stream().mapToInt(n -> n[0]).max().orElse(0))
                .as("a pinned connection is not held to limit / replicas")
                .isGreaterThan(limit / validators.size() + 1);
    }

    @Test
    @Order(10)
    void allowedTotalWhenValidatorStopsWithUnusedLeaseThenAnotherAdmitsThem() throws Exception {
        List<String> validators = replicas("TOKEN_VALIDATOR");
        ClusterInvoker invoker = refusedEverywhere("returned", "--total", "POLICY_TOTAL_EXCEEDED");
        String body = invoker.decisionBody(invoker.token(stack.env("CAPIF_SECURITY_URL")));
        int total = 30; // one lease of 20 at the validator that stops, of which it uses 5
        setTotal(invoker, total);
        String stopping = validators.get(0);
        String other = validators.get(1);
        awaitReason(stopping, body, "OK", System.nanoTime(), Duration.ofSeconds(10));
        for (int i = 1; i < 5; i++) {
            assertThat(decide(stopping, body)).isEqualTo("OK");
        }
        // SIGTERM, as Kubernetes stops a pod: the replica gives its 15 unused invocations back
        ProcessHandle process = ProcessHandle.of(stack.pid("token-validator-1")).orElseThrow();
        assertThat(process.destroy()).isTrue();
        process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        int admitted = 0;
        String reason;
        while ("OK".equals(reason = decide(other, body))) {
            admitted++;
            assertThat(admitted).as("admitted at the other validator").isLessThanOrEqualTo(total);
        }
        System.out.printf(
                "allowed total %d: 5 admitted at the validator that stopped, then %d at another (%s after)%n",
                total, admitted, reason);
        assertThat(reason).isEqualTo("POLICY_TOTAL_EXCEEDED");
        assertThat(admitted).isEqualTo(total - 5);
    }

    /** One decision at one validator: its reason. */
    private static String decide(String validator, String body) throws Exception {
        HttpResponse<String> r = aef.send("POST", validator + DECISIONS, "application/json", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ClusterInvoker.json(r.body()).path("reason").asText();
    }

    @Test
    @Order(5)
    void eventDeliveryWhenReplicaKilledMidStreamAndRestartedThenNothingLostAtMostOneResendPerSubscription()
            throws Exception {
        new EventDeliveryCrashFlow(stack).run(true);
    }

    @Test
    @Order(6)
    void eventDeliveryWhenReplicaStoppedMidStreamAndRestartedThenNothingLostNorRepeated() throws Exception {
        new EventDeliveryCrashFlow(stack).run(false);
    }

    @Test
    @Order(7)
    void signingKeyWhenRotatedWhileReplicasReloadAtDifferentTimesThenNoValidTokenFails() throws Exception {
        KeyRotationFlow.Result result =
                new KeyRotationFlow(stack, aef, replicas("TOKEN_VALIDATOR"), replicas("AUTHORIZATION_FUNCTION")).run();
        System.out.printf(
                "signing-key rotation under traffic: tokens %s, %d decisions, failures %s%n",
                result.tokensPerKid(), result.decisions(), result.failures());
        assertThat(result.failures()).isEmpty();
        assertThat(result.tokensPerKid())
                .containsKeys("before old", "after new")
                .doesNotContainKeys("before new", "after old");
    }

    @Test
    @Order(8)
    void kafkaBrokerWhenRestartedUnderTrafficThenNoAcknowledgedWriteLostAndEveryServiceRecovers() throws Exception {
        datastoreRestartUnderTraffic("kafka-restart", Duration.ofSeconds(8));
    }

    @Test
    @Order(9)
    void postgresWhenRestartedUnderTrafficThenNoAcknowledgedWriteLostAndEveryServiceRecovers() throws Exception {
        datastoreRestartUnderTraffic("postgres-restart", Duration.ofSeconds(3));
    }

    /**
     * Onboardings, security contexts, revocations, publications, tokens and decisions without pause (FaultTraffic)
     * while the datastore restarts; afterwards every acknowledged write took effect at every replica, and the services
     * serve again without any action.
     */
    private static void datastoreRestartUnderTraffic(String fault, Duration down) throws Exception {
        List<String> validators = replicas("TOKEN_VALIDATOR");
        String lb = stack.env("CAPIF_SECURITY_URL");
        ClusterInvoker steady =
                ClusterInvoker.onboard(stack, fault + "-steady", stack.env("CAPIF_INVOKER_MANAGEMENT_URL"));
        assertThat(steady.createContext(lb).statusCode()).isEqualTo(201);
        FaultTraffic traffic = new FaultTraffic(stack, aef, validators, fault);
        traffic.start(steady);
        Thread.sleep(5000);
        long t0 = System.nanoTime();
        String answer = stack.fault(fault, down);
        Thread.sleep(15000);
        traffic.stop();
        String checked = traffic.verify();
        System.out.printf(
                "%s (%s down; %s; %d s from the request to the end of traffic): answers during the run %s; verified"
                        + " afterwards: %s%n",
                fault, down, answer, RunningStack.since(t0).toSeconds(), traffic.answers(), checked);
        // writes the datastore could not take were refused as retryable (503), never as a server fault
        assertThat(traffic.answers().keySet())
                .noneMatch(k -> k.contains(" 500") || k.contains("with 500") || k.contains("INTERNAL"));
        // reads never needed the datastore: decisions stayed allowed throughout
        assertThat(traffic.answers().keySet())
                .filteredOn(k -> k.startsWith("decision"))
                .containsOnly("decision 200 OK");
    }

    @Test
    @Order(11)
    void validatorWhenKilledMidTrafficThenOthersServeAndErrorsOnlyOnItsConnections() throws Exception {
        String lb = stack.env("CAPIF_SECURITY_URL");
        ClusterInvoker invoker = ClusterInvoker.onboard(stack, "killed", stack.env("CAPIF_INVOKER_MANAGEMENT_URL"));
        assertThat(invoker.createContext(lb).statusCode()).isEqualTo(201);
        String body = invoker.decisionBody(invoker.token(lb));
        for (String validator : replicas("TOKEN_VALIDATOR")) {
            awaitReason(validator, body, "OK", System.nanoTime(), Duration.ofSeconds(10));
        }
        killMidTraffic(
                "token-validator",
                "token-validator-2",
                "CAPIF_VALIDATOR_URL",
                ServiceProcess.mutual(
                        stack.path("CAPIF_CA_CERT"), stack.path("CAPIF_AEF_CERT"), stack.path("CAPIF_AEF_KEY")),
                new BalancedTraffic.Request("POST", DECISIONS, "application/json", body),
                a -> a.status() == 200 && a.body().contains("\"ALLOW\""));
    }

    @Test
    @Order(13)
    void authorizationFunctionWhenKilledMidTokenTrafficThenOthersIssueAndErrorsOnlyOnItsConnections() throws Exception {
        ClusterInvoker invoker = ClusterInvoker.onboard(stack, "af-killed", stack.env("CAPIF_INVOKER_MANAGEMENT_URL"));
        assertThat(invoker.createContext(stack.env("CAPIF_SECURITY_URL")).statusCode())
                .isEqualTo(201);
        killMidTraffic(
                "authorization-function",
                "authorization-function-2",
                "CAPIF_SECURITY_URL",
                invoker.tls(),
                new BalancedTraffic.Request(
                        "POST", invoker.tokenPath(), "application/x-www-form-urlencoded", invoker.tokenForm()),
                a -> a.status() == 200 && a.body().contains("\"access_token\""));
    }

    @Test
    @Order(12)
    void invokerManagementWhenKilledMidDiscoveryTrafficThenOtherServesAndErrorsOnlyOnItsConnections() throws Exception {
        ClusterInvoker invoker = ClusterInvoker.onboard(stack, "im-killed", stack.env("CAPIF_INVOKER_MANAGEMENT_URL"));
        String api = stack.env("CAPIF_MONITORING_EVENT_API_ID");
        killMidTraffic(
                "invoker-management",
                "invoker-management-2",
                "CAPIF_INVOKER_MANAGEMENT_URL",
                invoker.tls(),
                new BalancedTraffic.Request("GET", invoker.discoveryPath(), null, null),
                a -> a.status() == 200 && a.body().contains(api));
    }

    /**
     * Sends the request without pause through the balancer from 6 connections, kills the replica with SIGKILL after
     * 3 s, goes on for 4 s, then checks: every answer was the expected one; the only failures were on connections
     * the balancer had given to the killed replica, after the kill; from a second after it every worker was served,
     * by the other replicas.
     */
    private static void killMidTraffic(
            String backend,
            String victim,
            String balancedUrl,
            javax.net.ssl.SSLContext tls,
            BalancedTraffic.Request request,
            java.util.function.Predicate<KeptAliveHttps.Answer> expected)
            throws Exception {
        long pid = stack.pid(victim);
        BalancedTraffic traffic = new BalancedTraffic(
                tls, java.net.URI.create(stack.env(balancedUrl)).getPort(), request, expected, 6);
        traffic.start();
        Thread.sleep(3000);
        long killedAt = System.nanoTime();
        assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();
        Thread.sleep(4000);
        BalancedTraffic.Result result = traffic.stop();
        Map<Integer, String> servers = BalancedTraffic.serversByClientPort(
                Files.readString(stack.state().resolve("logs/balancer.log")), backend);
        System.out.println("kill -9 of " + victim + " under load through HAProxy: " + result.summary(servers));

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(result.answers()).as("answers").isGreaterThan(50);
        assertThat(result.notAllowed())
                .as("answers other than the expected one")
                .isZero();
        for (BalancedTraffic.Failure f : result.errors()) {
            assertThat(servers.get(f.clientPort()))
                    .as("replica behind the failed connection %d (%s)", f.clientPort(), f.error())
                    .isEqualTo(victim);
            assertThat(f.atNanos()).isGreaterThanOrEqualTo(killedAt);
        }
        assertThat(result.answersAfter(killedAt + Duration.ofSeconds(1).toNanos()))
                .as("answers per worker from a second after the kill")
                .allSatisfy(n -> assertThat(n).isPositive());
        assertThat(result.serversBetween(servers, Long.MIN_VALUE, killedAt))
                .as("replicas that answered before the kill")
                .contains(victim);
        assertThat(result.serversBetween(
                        servers, killedAt + Duration.ofSeconds(1).toNanos(), Long.MAX_VALUE))
                .as("replicas that answered from a second after the kill")
                .doesNotContain(victim)
                .isNotEmpty();
    }

    /**
     * An invoker with a security context and a policy limit of 0 ({@code --total} or {@code --per-second}) that every
     * validator already enforces ({@code reason}), so that none can still admit without a limit once the test sets one.
     */
    private static ClusterInvoker refusedEverywhere(String name, String option, String reason) throws Exception {
        String lb = stack.env("CAPIF_SECURITY_URL");
        ClusterInvoker invoker = ClusterInvoker.onboard(stack, name, stack.env("CAPIF_INVOKER_MANAGEMENT_URL"));
        assertThat(invoker.createContext(lb).statusCode()).isEqualTo(201);
        String body = invoker.decisionBody(invoker.token(lb));
        setPolicy(invoker, option, "0");
        for (String validator : replicas("TOKEN_VALIDATOR")) {
            assertThat(awaitReason(validator, body, reason, System.nanoTime(), Duration.ofSeconds(10))
                            .getKey())
                    .isEqualTo("DENY");
        }
        return invoker;
    }

    private static void setTotal(ClusterInvoker invoker, int total) throws Exception {
        setPolicy(invoker, "--total", String.valueOf(total));
    }

    private static void setPolicy(ClusterInvoker invoker, String option, String value) throws Exception {
        RunningStack.Cli policy = stack.cli(
                "operator",
                "set-policy",
                "--invoker",
                invoker.id(),
                "--aef",
                stack.env("CAPIF_AEF_ID"),
                "--api-id",
                stack.env("CAPIF_MONITORING_EVENT_API_ID"),
                option,
                value);
        assertThat(policy.exitCode()).as(policy.output()).isZero();
    }

    /**
     * Asks one validator until it answers {@code reason}; returns the decision and the time since {@code fromNanos}
     * (the last decision and the time waited if it never does).
     */
    private static Map.Entry<String, Duration> awaitReason(
            String validator, String body, String reason, long fromNanos, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last;
        do {
            HttpResponse<String> r = aef.send("POST", validator + DECISIONS, "application/json", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            var answer = ClusterInvoker.json(r.body());
            last = answer.path("decision").asText() + " "
                    + answer.path("reason").asText();
            if (reason.equals(answer.path("reason").asText())) {
                return Map.entry(answer.path("decision").asText(), RunningStack.since(fromNanos));
            }
            Thread.sleep(5);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(validator + " never answered " + reason + "; last: " + last);
    }
}
