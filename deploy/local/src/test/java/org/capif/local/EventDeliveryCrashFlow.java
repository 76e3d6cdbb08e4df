package org.capif.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.capif.common.datastore.CapifService;
import org.capif.testing.http.CallbackReceiver;

/**
 * Event management's delivery across a replica's death (docs/events.md, "Delivery"): the demo AEF subscribes four times
 * with a real HTTPS callback; the demo APF publishes, updates and withdraws {@value #APIS} APIs through provider
 * management, one request after another (3 events each, so {@code 3 x APIS} notifications per subscription); once
 * notifications are arriving, replica 1 of event management is stopped (SIGKILL or SIGTERM), then started again with
 * its own command line and environment, while replica 2 serves on. Every notification must arrive, and in order per
 * API for each subscription.
 *
 * <p>A notification's identity is its {@code Capif-Event-Id} header (the event id, the same on a re-send); for these
 * events it matches one {@code (events, eventDetail.apiIds[0])} of the payload. Sends to one subscription are
 * sequential, each recorded (deleted, {@code delivered_seq} advanced) after its 2xx before the next is sent; so a
 * SIGKILL can re-send at most the one notification in flight of each subscription the killed replica held, and a
 * SIGTERM (which finishes and records the send in flight, then releases its leases) none.
 */
final class EventDeliveryCrashFlow {

    static final int APIS = 40;
    private static final int SUBSCRIPTIONS = 4;
    private static final List<String> EVENTS =
            List.of("SERVICE_API_AVAILABLE", "SERVICE_API_UPDATE", "SERVICE_API_UNAVAILABLE");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VICTIM = "event-management-1";

    /** Replica 1 as this flow restarted it (the launcher knows only the original); stopped by {@link #stopRestarted}. */
    private static Process restarted;

    private static Path restartedLog;

    private static int restarts;

    /** What one run measured. */
    record Counts(int expected, int received, int duplicates, int subscriptionsWithDuplicates, Duration recovery) {}

    private final RunningStack stack;

    EventDeliveryCrashFlow(RunningStack stack) {
        this.stack = stack;
    }

    /** Stops replica 1 mid-stream with SIGKILL ({@code kill}) or SIGTERM, restarts it, and counts what arrived. */
    Counts run(boolean kill) throws Exception {
        Path ca = stack.path("CAPIF_CA_CERT");
        PlainHttps aef = PlainHttps.of(ca, stack.path("CAPIF_AEF_CERT"), stack.path("CAPIF_AEF_KEY"));
        PlainHttps apf = PlainHttps.of(ca, stack.path("CAPIF_APF_CERT"), stack.path("CAPIF_APF_KEY"));
        boolean again = restarted != null && restarted.isAlive();
        ProcessHandle victim = again
                ? restarted.toHandle()
                : ProcessHandle.of(stack.pid(VICTIM)).orElseThrow();
        String owner = leaseOwner(again ? restartedLog : stack.state().resolve("logs/" + VICTIM + ".log"));
        List<String> command = new ArrayList<>();
        command.add(victim.info().command().orElseThrow());
        command.addAll(List.of(victim.info().arguments().orElseThrow()));
        Path pki = ca.getParent();
        String subscriptions =
                stack.env("CAPIF_EVENTS_URL") + "/capif-events/v1/" + stack.env("CAPIF_AEF_ID") + "/subscriptions";
        List<String> locations = new ArrayList<>();
        try (CallbackReceiver receiver = CallbackReceiver.start(pki.resolve("server.crt"), pki.resolve("server.key"))) {
            receiver.delay(Duration.ofMillis(15)); // a subscriber that takes a moment: sends are in flight at the kill
            for (int s = 0; s < SUBSCRIPTIONS; s++) {
                HttpResponse<String> created = aef.send(
                        "POST",
                        subscriptions,
                        "application/json",
                        JSON.writeValueAsString(Map.of(
                                "events",
                                EVENTS,
                                "notificationDestination",
                                receiver.url("/s" + s),
                                "supportedFeatures",
                                "4")));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                locations.add(created.headers().firstValue("Location").orElseThrow());
            }
            String prefix = "crash-" + UUID.randomUUID().toString().substring(0, 6) + "-";
            CompletableFuture<List<String>> produced = CompletableFuture.supplyAsync(() -> produce(apf, prefix));
            // mid-stream: notifications are arriving and the APF is still producing
            receiver.await(Duration.ofSeconds(60), r -> named(r, prefix) >= 6 * SUBSCRIPTIONS);
            // and replica 1 is delivering: it holds the lease of at least one of these subscriptions
            List<String> ids = locations.stream()
                    .map(l -> l.substring(l.lastIndexOf('/') + 1))
                    .toList();
            List<String> held = List.of();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (held.isEmpty() && System.nanoTime() < deadline) {
                held = leased(owner, ids);
            }
            assertThat(held).as("subscriptions leased by replica 1 (%s)", owner).isNotEmpty();
            int beforeStop = named(receiver.received(), prefix);
            long stoppedAt = System.nanoTime();
            if (kill) {
                assertThat(victim.destroyForcibly()).isTrue();
            } else {
                assertThat(victim.destroy()).isTrue();
            }
            victim.onExit().get(30, TimeUnit.SECONDS);
            Duration stopping = RunningStack.since(stoppedAt);
            assertThat(produced.isDone())
                    .as("the APF was still producing when replica 1 stopped")
                    .isFalse();
            restart(command);
            Duration restartedAfter = RunningStack.since(stoppedAt);
            List<String> apiIds = produced.get(120, TimeUnit.SECONDS);
            int expected = apiIds.size() * EVENTS.size() * SUBSCRIPTIONS;
            List<CallbackReceiver.Received> got = receiver.await(
                    Duration.ofSeconds(150), r -> firstArrivals(ours(r, apiIds)).size() >= expected);
            Duration recovery = RunningStack.since(stoppedAt);
            List<CallbackReceiver.Received> mine = ours(got, apiIds);

            int duplicates = mine.size() - firstArrivals(mine).size();
            Map<String, Integer> duplicatesBySubscription = new LinkedHashMap<>();
            for (int s = 0; s < SUBSCRIPTIONS; s++) {
                List<CallbackReceiver.Received> one = at(mine, "/s" + s);
                duplicatesBySubscription.put(
                        "/s" + s + (held.contains(ids.get(s)) ? " (leased by replica 1)" : ""),
                        one.size() - firstArrivals(one).size());
                assertEveryEventOnceInOrder(firstArrivals(one), apiIds);
                if (!held.contains(ids.get(s))) {
                    assertThat(one).as("a subscription replica 1 did not hold").hasSameSizeAs(firstArrivals(one));
                }
            }
            System.out.printf(
                    "event delivery, replica 1 of event management stopped with %s mid-stream while leasing %d of"
                            + " %d subscriptions, then restarted: %d APIs x %d events x %d subscriptions = %d"
                            + " notifications expected, %d received before the stop, %d received in all, %d"
                            + " duplicates (per subscription %s), stop took %d ms, restarted (ready) %d ms after the"
                            + " stop, everything delivered %d ms after the stop%n",
                    kill ? "SIGKILL" : "SIGTERM",
                    held.size(),
                    SUBSCRIPTIONS,
                    apiIds.size(),
                    EVENTS.size(),
                    SUBSCRIPTIONS,
                    expected,
                    beforeStop,
                    mine.size(),
                    duplicates,
                    duplicatesBySubscription,
                    stopping.toMillis(),
                    restartedAfter.toMillis(),
                    recovery.toMillis());
            assertThat(firstArrivals(mine)).as("distinct notifications").hasSize(expected);
            // SIGKILL: at most the one send in flight per subscription is repeated; SIGTERM: none
            assertThat(duplicatesBySubscription.values())
                    .as("duplicates per subscription")
                    .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(kill ? 1 : 0));
            for (String location : locations) {
                assertThat(aef.send("DELETE", location, null, null).statusCode())
                        .isEqualTo(204);
            }
            return new Counts(
                    expected,
                    mine.size(),
                    duplicates,
                    (int) duplicatesBySubscription.values().stream()
                            .filter(n -> n > 0)
                            .count(),
                    recovery);
        }
    }

    /** Stops replica 1 as restarted by this flow, if it runs (before the stack stops, which does not know it). */
    static void stopRestarted() throws InterruptedException {
        if (restarted != null && restarted.isAlive()) {
            restarted.destroy();
            if (!restarted.waitFor(30, TimeUnit.SECONDS)) {
                restarted.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** For each API in turn: publish, update, withdraw (one after another, as fast as provider management answers). */
    private List<String> produce(PlainHttps apf, String prefix) {
        String published = stack.env("CAPIF_PROVIDER_MANAGEMENT_URL") + "/published-apis/v1/"
                + stack.env("CAPIF_APF_ID") + "/service-apis";
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < APIS; i++) {
                HttpResponse<String> created =
                        apf.send("POST", published, "application/json", description(prefix + i, "first"));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                String location = created.headers().firstValue("Location").orElseThrow();
                HttpResponse<String> updated =
                        apf.send("PUT", location, "application/json", description(prefix + i, "second"));
                assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
                HttpResponse<String> removed = apf.send("DELETE", location, null, null);
                assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
                ids.add(JSON.readTree(created.body()).path("apiId").asText());
            }
            return ids;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String description(String name, String text) throws Exception {
        return JSON.writeValueAsString(Map.of(
                "apiName",
                name,
                "description",
                text,
                "aefProfiles",
                List.of(Map.of(
                        "aefId",
                        stack.env("CAPIF_AEF_ID"),
                        "versions",
                        List.of(Map.of("apiVersion", "v1")),
                        "securityMethods",
                        List.of("OAUTH"),
                        "domainName",
                        name + ".example.com"))));
    }

    /**
     * Starts replica 1 again as the launcher did: the same command line, its role's password in the environment, its
     * log beside the others; waits until it is ready.
     */
    private void restart(List<String> command) throws Exception {
        String password = new StackDatastores(stack).secrets().get(CapifService.EVENT_MANAGEMENT.role());
        Path log = stack.state().resolve("logs/" + VICTIM + "-restart-" + ++restarts + ".log");
        restartedLog = log;
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().put("QUARKUS_DATASOURCE_PASSWORD", password);
        restarted = pb.start();
        String port = command.stream()
                .filter(a -> a.startsWith("-Dquarkus.management.port="))
                .map(a -> a.substring(a.indexOf('=') + 1))
                .findFirst()
                .orElseThrow();
        HttpClient client = HttpClient.newBuilder()
                .sslContext(ServiceProcess.trusting(stack.path("CAPIF_CA_CERT")))
                .build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && restarted.isAlive()) {
            try {
                HttpResponse<Void> r = client.send(
                        HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("replica 1 of event management did not start again; see " + log);
    }

    /** The lease owner id a replica logged when its delivery started. */
    private static String leaseOwner(Path log) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("notification delivery started; lease owner (\\S+)")
                .matcher(java.nio.file.Files.readString(log));
        String owner = null;
        while (m.find()) {
            owner = m.group(1);
        }
        assertThat(owner).as("lease owner in " + log).isNotNull();
        return owner;
    }

    /** Which of these subscriptions the owner holds an unexpired lease on (read as the database's administrator). */
    private List<String> leased(String owner, List<String> subscriptionIds) throws Exception {
        StackDatastores d = new StackDatastores(stack);
        String url = "jdbc:postgresql://127.0.0.1:" + stack.ports().postgres() + "/"
                + CapifService.EVENT_MANAGEMENT.role() + d.verifiedTls();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                        url, "postgres", d.secrets().get("postgres"));
                java.sql.PreparedStatement ps = c.prepareStatement("select subscription_id from "
                        + CapifService.EVENT_MANAGEMENT.role() + ".subscription where lease_owner = ? and lease_until"
                        + " > now() and subscription_id = any(?)")) {
            ps.setString(1, owner);
            ps.setArray(2, c.createArrayOf("text", subscriptionIds.toArray()));
            List<String> out = new ArrayList<>();
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    /** Each API's three events, once each, in the order they happened (first arrivals only). */
    private static void assertEveryEventOnceInOrder(List<CallbackReceiver.Received> firsts, List<String> apiIds) {
        Map<String, List<String>> byApi = new LinkedHashMap<>();
        for (CallbackReceiver.Received r : firsts) {
            JsonNode n = json(r.body());
            byApi.computeIfAbsent(n.path("eventDetail").path("apiIds").path(0).asText(), k -> new ArrayList<>())
                    .add(n.path("events").asText());
        }
        assertThat(byApi.keySet()).containsExactlyInAnyOrderElementsOf(apiIds);
        byApi.forEach((api, events) -> assertThat(events).as(api).containsExactlyElementsOf(EVENTS));
    }

    /** The first arrival of each notification (by {@code Capif-Event-Id}, checked against the payload's identity). */
    private static List<CallbackReceiver.Received> firstArrivals(List<CallbackReceiver.Received> got) {
        Map<String, CallbackReceiver.Received> first = new LinkedHashMap<>();
        for (CallbackReceiver.Received r : got) {
            CallbackReceiver.Received earlier = first.putIfAbsent(r.path() + " " + r.eventId(), r);
            if (earlier != null) {
                assertThat(identity(r)).as("a re-send carries the same event").isEqualTo(identity(earlier));
            }
        }
        return new ArrayList<>(first.values());
    }

    private static String identity(CallbackReceiver.Received r) {
        JsonNode n = json(r.body());
        return n.path("subscriptionId").asText() + " " + n.path("events").asText() + " "
                + n.path("eventDetail").path("apiIds").path(0).asText();
    }

    /** The notifications about this run's APIs. */
    private static List<CallbackReceiver.Received> ours(List<CallbackReceiver.Received> got, List<String> apiIds) {
        java.util.Set<String> ids = new java.util.HashSet<>(apiIds);
        return got.stream()
                .filter(r -> ids.contains(json(r.body())
                        .path("eventDetail")
                        .path("apiIds")
                        .path(0)
                        .asText()))
                .toList();
    }

    /** How many notifications so far name an API of this run (by its name's prefix, before the ids are all known). */
    private static int named(List<CallbackReceiver.Received> got, String prefix) {
        return (int) got.stream().filter(r -> r.body().contains("\"" + prefix)).count();
    }

    private static List<CallbackReceiver.Received> at(List<CallbackReceiver.Received> got, String path) {
        return got.stream().filter(r -> r.path().equals(path)).toList();
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException("not a notification: " + body, e);
        }
    }
}
