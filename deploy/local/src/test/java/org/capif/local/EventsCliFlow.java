package org.capif.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.capif.testing.http.CallbackReceiver;

/**
 * The command line's {@code capif events} and {@code capif audit} against the running stack, as the README's
 * walkthrough runs them ({@code deploy/local/capif}, a process per command): the demo AEF subscribes with a real HTTPS
 * callback, lists its subscription (id, events, callback), is told of an API the demo APF publishes, unsubscribes (gone
 * from the list, told nothing more while a second subscription still is); refusals exit 3 with the documented cause.
 * The demo AEF posts invocation logs through the Logging API and the domain's AMF audits them with filters and pages.
 */
final class EventsCliFlow {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUBSCRIPTION = Pattern.compile("^subscription (\\S+)$", Pattern.MULTILINE);
    private static final Pattern PUBLISHED = Pattern.compile("^published (\\S+)", Pattern.MULTILINE);

    private final RunningStack stack;
    private final String dir;

    EventsCliFlow(RunningStack stack) {
        this.stack = stack;
        this.dir = stack.env("CAPIF_PROVIDER_DIR");
    }

    void subscriptions() throws Exception {
        Path pki = stack.path("CAPIF_CA_CERT").getParent();
        try (CallbackReceiver receiver = CallbackReceiver.start(pki.resolve("server.crt"), pki.resolve("server.key"))) {
            String events = "SERVICE_API_AVAILABLE,SERVICE_API_UNAVAILABLE";
            RunningStack.Cli subscribed =
                    aef("events", "subscribe", "--events", events, "--callback", receiver.url("/cli"));
            assertThat(subscribed.exitCode()).as(subscribed.output()).isZero();
            String id = first(SUBSCRIPTION, subscribed.output());
            assertThat(subscribed.output())
                    .contains("  events: SERVICE_API_AVAILABLE, SERVICE_API_UNAVAILABLE\n")
                    .contains("  callback: " + receiver.url("/cli") + "\n");
            RunningStack.Cli control =
                    aef("events", "subscribe", "--events", events, "--callback", receiver.url("/control"));
            assertThat(control.exitCode()).as(control.output()).isZero();
            String controlId = first(SUBSCRIPTION, control.output());

            RunningStack.Cli listed = aef("events", "list");
            assertThat(listed.exitCode()).as(listed.output()).isZero();
            assertThat(block(listed.output(), id))
                    .isEqualTo("subscription " + id + "\n  events: SERVICE_API_AVAILABLE, SERVICE_API_UNAVAILABLE\n"
                            + "  callback: " + receiver.url("/cli") + "\n  pending: 0, dropped: 0\n");
            assertThat(block(listed.output(), controlId)).contains("  callback: " + receiver.url("/control") + "\n");

            String name = "cli-events-" + UUID.randomUUID().toString().substring(0, 8);
            RunningStack.Cli published = cli(
                    "api",
                    "publish",
                    "--dir",
                    dir,
                    "--name",
                    name,
                    "--aef",
                    "aef-1",
                    "--methods",
                    "OAUTH",
                    "--fqdn",
                    "cli-events.example.com",
                    "--port",
                    "443",
                    "--resource",
                    "cells:/cells:GET");
            assertThat(published.exitCode()).as(published.output()).isZero();
            String apiId = first(PUBLISHED, published.output());
            List<CallbackReceiver.Received> told = receiver.await(
                    Duration.ofSeconds(30), r -> about(r, "/cli", apiId).size() == 1);
            about(told, "/cli", apiId).forEach(n -> System.out.println("# the callback receives:\n#   " + n.body()));
            assertThat(about(told, "/cli", apiId)).singleElement().satisfies(n -> {
                assertThat(JSON.readTree(n.body()).path("subscriptionId").asText())
                        .isEqualTo(id);
                assertThat(JSON.readTree(n.body()).path("events").asText()).isEqualTo("SERVICE_API_AVAILABLE");
            });

            RunningStack.Cli removed = aef("events", "unsubscribe", "--id", id);
            assertThat(removed.exitCode()).as(removed.output()).isZero();
            assertThat(removed.output()).isEqualTo("subscription " + id + " removed\n");
            RunningStack.Cli after = aef("events", "list");
            assertThat(after.output()).doesNotContain(id).contains("subscription " + controlId);
            RunningStack.Cli unpublished = cli("api", "unpublish", "--dir", dir, "--api-id", apiId);
            assertThat(unpublished.exitCode()).as(unpublished.output()).isZero();
            // the control subscription hears the withdrawal; the removed one, queued behind nothing, hears nothing
            List<CallbackReceiver.Received> later = receiver.await(
                    Duration.ofSeconds(30), r -> about(r, "/control", apiId).size() == 2);
            assertThat(about(later, "/control", apiId)).hasSize(2);
            Thread.sleep(1000);
            assertThat(about(receiver.received(), "/cli", apiId)).hasSize(1);

            RunningStack.Cli unknown = aef("events", "unsubscribe", "--id", "no-such-" + id);
            assertThat(unknown.exitCode()).as(unknown.output()).isEqualTo(3);
            assertThat(unknown.output()).contains("refused with 404: SUBSCRIPTION_NOT_FOUND");
            RunningStack.Cli plainHttp =
                    aef("events", "subscribe", "--events", events, "--callback", "http://cli-events.example.com/n");
            assertThat(plainHttp.exitCode()).as(plainHttp.output()).isEqualTo(3);
            assertThat(plainHttp.output()).contains("refused with 400: CALLBACK_NOT_ALLOWED");
            RunningStack.Cli nobody = cli("events", "list");
            assertThat(nobody.exitCode()).as(nobody.output()).isEqualTo(2);
            assertThat(aef("events", "unsubscribe", "--id", controlId).exitCode())
                    .isZero();
            assertThat(aef("events", "list").output()).doesNotContain(controlId);
        }
    }

    void audit() throws Exception {
        String aefId = stack.env("CAPIF_AEF_ID");
        String invoker = "cli-audit-" + UUID.randomUUID().toString().substring(0, 8);
        Instant t0 = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        String[] results = {"200", "403", "200", "200", "401"};
        List<Map<String, Object>> logs = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            logs.add(Map.of(
                    "apiId", stack.env("CAPIF_MONITORING_EVENT_API_ID"),
                    "apiName", "monitoring-event",
                    "apiVersion", "v1",
                    "resourceName", "subscriptions",
                    "protocol", "HTTP_1_1",
                    "operation", "GET",
                    "result", results[i],
                    "invocationTime", t0.plusSeconds(i).toString()));
        }
        PlainHttps aef =
                PlainHttps.of(stack.path("CAPIF_CA_CERT"), stack.path("CAPIF_AEF_CERT"), stack.path("CAPIF_AEF_KEY"));
        HttpResponse<String> posted = aef.send(
                "POST",
                stack.env("CAPIF_EVENTS_URL") + "/api-invocation-logs/v1/" + aefId + "/logs",
                "application/json",
                JSON.writeValueAsString(
                        Map.of("aefId", aefId, "apiInvokerId", invoker, "supportedFeatures", "0", "logs", logs)));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        System.out.println("# the demo AEF posts 5 logs of invoker " + invoker + " (results "
                + String.join(",", results) + ") from " + t0 + " a second apart (Logging API, 201)");

        // every log of the invoker, in invocation order, across pages of 2
        RunningStack.Cli all = audit("--api-invoker-id", invoker, "--limit", "2", "--pages", "3");
        assertThat(all.exitCode()).as(all.output()).isZero();
        assertThat(rows(all.output())).hasSize(5).allSatisfy(row -> assertThat(row)
                .containsSubsequence(aefId, invoker, "monitoring-event", "v1", "GET", "subscriptions"));
        assertThat(rows(all.output()).stream().map(r -> r.get(0))).containsExactly(times(t0, 0, 1, 2, 3, 4));
        assertThat(rows(all.output()).stream().map(r -> r.get(7))).containsExactly(results);
        assertThat(all.output()).doesNotContain("(more:");
        RunningStack.Cli onePage = audit("--api-invoker-id", invoker, "--limit", "2");
        assertThat(rows(onePage.output()).stream().map(r -> r.get(0))).containsExactly(times(t0, 0, 1));
        assertThat(onePage.output()).endsWith("(more: --pages 2)\n");

        RunningStack.Cli ok = audit("--api-invoker-id", invoker, "--aef-id", aefId, "--result", "200");
        assertThat(rows(ok.output()).stream().map(r -> r.get(0))).containsExactly(times(t0, 0, 2, 3));
        // the window's end is exclusive
        RunningStack.Cli window = audit(
                "--api-invoker-id",
                invoker,
                "--from",
                t0.plusSeconds(1).toString(),
                "--until",
                t0.plusSeconds(3).toString());
        assertThat(rows(window.output()).stream().map(r -> r.get(0))).containsExactly(times(t0, 1, 2));
        RunningStack.Cli none = audit("--api-invoker-id", invoker, "--result", "500");
        assertThat(none.exitCode()).as(none.output()).isEqualTo(3);
        assertThat(none.output()).contains("refused with 404: INVOCATION_LOG_NOT_FOUND");
        RunningStack.Cli foreign = audit("--aef-id", "aef-of-another-domain");
        assertThat(foreign.exitCode()).as(foreign.output()).isEqualTo(3);
        assertThat(foreign.output()).contains("refused with 403: RESOURCE_NOT_OWNED");
    }

    private RunningStack.Cli aef(String... args) throws Exception {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--provider-dir", dir, "--function", "aef-1"));
        return cli(all.toArray(String[]::new));
    }

    private RunningStack.Cli audit(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("audit", "--dir", dir));
        all.addAll(Arrays.asList(args));
        return cli(all.toArray(String[]::new));
    }

    /** Runs the CLI and prints the command and its output, a transcript for the README's walkthrough. */
    private RunningStack.Cli cli(String... args) throws Exception {
        RunningStack.Cli run = stack.cli(args);
        System.out.println("$ deploy/local/capif " + String.join(" ", args).replace(dir, "$CAPIF_PROVIDER_DIR") + "\n"
                + run.output() + (run.exitCode() == 0 ? "" : "(exit " + run.exitCode() + ")\n"));
        return run;
    }

    /** The audit's printed logs, each split into its columns (time, AEF, invoker, name, version, method, resource, result). */
    private static List<List<String>> rows(String output) {
        return output.lines()
                .filter(l -> !l.startsWith("(more:"))
                .map(l -> List.of(l.trim().split("\\s+")))
                .toList();
    }

    private static String[] times(Instant t0, int... seconds) {
        return Arrays.stream(seconds)
                .mapToObj(s -> t0.plusSeconds(s).toString())
                .toArray(String[]::new);
    }

    /** One subscription's lines of {@code capif events list}: from its first line to the next subscription's. */
    private static String block(String output, String id) {
        int start = output.indexOf("subscription " + id + "\n");
        assertThat(start).as(output).isNotNegative();
        int end = output.indexOf("\nsubscription ", start + 1);
        return output.substring(start, end < 0 ? output.length() : end + 1);
    }

    private static List<CallbackReceiver.Received> about(List<CallbackReceiver.Received> got, String path, String api) {
        return got.stream()
                .filter(r -> r.path().equals(path) && r.body().contains(api))
                .toList();
    }

    private static String first(Pattern p, String output) {
        Matcher m = p.matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return m.group(1);
    }
}
