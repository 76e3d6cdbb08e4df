package org.capif.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.capif.testing.http.CallbackReceiver;

/**
 * Event management in the running stack: the demo AEF subscribes to the service API events with a callback on this
 * machine, the demo APF publishes and unpublishes an API on that AEF through provider management, and the AEF is told
 * both, in order, by a real HTTPS callback; the subscription then ends with its DELETE.
 */
final class EventsFlow {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunningStack stack;

    EventsFlow(RunningStack stack) {
        this.stack = stack;
    }

    void run() throws Exception {
        Path ca = stack.path("CAPIF_CA_CERT");
        PlainHttps aef = PlainHttps.of(ca, stack.path("CAPIF_AEF_CERT"), stack.path("CAPIF_AEF_KEY"));
        PlainHttps apf = PlainHttps.of(ca, stack.path("CAPIF_APF_CERT"), stack.path("CAPIF_APF_KEY"));
        Path pki = ca.getParent();
        try (CallbackReceiver receiver = CallbackReceiver.start(pki.resolve("server.crt"), pki.resolve("server.key"))) {
            String subscriptions =
                    stack.env("CAPIF_EVENTS_URL") + "/capif-events/v1/" + stack.env("CAPIF_AEF_ID") + "/subscriptions";
            HttpResponse<String> subscribed = aef.send(
                    "POST",
                    subscriptions,
                    "application/json",
                    JSON.writeValueAsString(Map.of(
                            "events", List.of("SERVICE_API_AVAILABLE", "SERVICE_API_UNAVAILABLE"),
                            "notificationDestination", receiver.url("/aef"),
                            "supportedFeatures", "4"))); // EnhancedEventReport: eventDetail names the API
            assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
            String location = subscribed.headers().firstValue("Location").orElseThrow();

            String published = stack.env("CAPIF_PROVIDER_MANAGEMENT_URL") + "/published-apis/v1/"
                    + stack.env("CAPIF_APF_ID") + "/service-apis";
            HttpResponse<String> created = apf.send(
                    "POST",
                    published,
                    "application/json",
                    JSON.writeValueAsString(Map.of(
                            "apiName",
                            "events-e2e",
                            "aefProfiles",
                            List.of(Map.of(
                                    "aefId",
                                    stack.env("CAPIF_AEF_ID"),
                                    "versions",
                                    List.of(Map.of("apiVersion", "v1")),
                                    "securityMethods",
                                    List.of("OAUTH"),
                                    "domainName",
                                    "events-e2e.example.com")))));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String apiId = JSON.readTree(created.body()).path("apiId").asText();
            HttpResponse<String> removed =
                    apf.send("DELETE", created.headers().firstValue("Location").orElseThrow(), null, null);
            assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);

            List<CallbackReceiver.Received> got = receiver.await(
                    Duration.ofSeconds(30),
                    r -> r.stream().filter(x -> x.body().contains(apiId)).count() >= 2);
            List<String> events = got.stream()
                    .filter(x -> x.body().contains(apiId))
                    .map(x -> event(x.body()))
                    .toList();
            assertThat(events).containsExactly("SERVICE_API_AVAILABLE", "SERVICE_API_UNAVAILABLE");
            assertThat(got).allSatisfy(x -> assertThat(x.path()).isEqualTo("/aef"));

            HttpResponse<String> ended = aef.send("DELETE", location, null, null);
            assertThat(ended.statusCode()).as(ended.body()).isEqualTo(204);
            assertThat(aef.send("GET", location, null, null).statusCode()).isEqualTo(404);
        }
    }

    private static String event(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n.path("events").asText(); // one CAPIFEvent per notification
        } catch (Exception e) {
            throw new IllegalStateException("not a notification: " + body, e);
        }
    }
}
