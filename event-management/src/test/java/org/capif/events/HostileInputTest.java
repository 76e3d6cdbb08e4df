package org.capif.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.capif.testing.CapifTestResource;
import org.capif.testing.edge.EdgeSweep;
import org.capif.testing.edge.LogCapture;
import org.capif.testing.edge.ManagementChecks;
import org.capif.testing.edge.Operation;
import org.capif.testing.edge.Operation.QueryKind;
import org.junit.jupiter.api.Test;

/**
 * Every operation of event management (CAPIF_Events_API, CAPIF_Logging_API_Invocation_API, CAPIF_Auditing_API and the
 * management interface), each with every hostile variant of {@code HostileRequests} (NUL, control characters and
 * invalid UTF-8 in path, query, headers and body; overlong ids; traversal and encoded slashes; deep, duplicate-key and
 * mistyped JSON; wrong, missing and charset-qualified media types; empty and oversized bodies; repeated query
 * parameters): each is a 4xx ProblemDetails with a documented cause, with no stack trace in the answer or the log and
 * no row changed.
 */
@QuarkusTest
class HostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALLBACK = "https://127.0.0.1:9/capif/notifications";

    /** quarkus.http.limits.max-body-size of event management. */
    private static final int MAX_BODY = 512 * 1024;

    @TestHTTPResource(value = "/", management = true, tls = true)
    URL management;

    @TestHTTPResource(value = "/", tls = true)
    URL api;

    @Test
    void everyOperationWhenInputIsHostileThenRefusedWithoutTraceOrChange() throws Exception {
        EventsApi events = new EventsApi(api);
        Parties.Invoker invoker = Parties.onboard();
        Parties.Domain domain = Parties.register();
        String apiId = "api-" + UUID.randomUUID();
        Parties.publish(domain, apiId, "monitoring-" + apiId, "swept");
        String subscription = JSON.writeValueAsString(
                EventsApi.subscription(CALLBACK, List.of("SERVICE_API_AVAILABLE", "API_INVOKER_UPDATED")));
        String kept = events.subscribeOk(invoker.credential(), invoker.id(), JSON.readValue(subscription, Map.class));
        String removable =
                events.subscribeOk(invoker.credential(), invoker.id(), JSON.readValue(subscription, Map.class));
        String log = JSON.writeValueAsString(EventsApi.invocationLog(
                domain.aefId(), invoker.id(), List.of(EventsApi.logEntry(apiId, "monitoring-" + apiId, "201"))));
        String subscriptions = EventsApi.subscriptions("{subscriberId}");
        int port = api.getPort();
        List<Operation> operations =
                new ArrayList<>(ManagementChecks.operations(management.getPort(), CapifTestResource.pki()));
        operations.addAll(List.of(
                Operation.call("POST", subscriptions)
                        .path("subscriberId", invoker.id())
                        .json(subscription)
                        .maxBodySize(MAX_BODY)
                        .as(invoker.credential())
                        .on(port),
                Operation.call("GET", subscriptions)
                        .path("subscriberId", invoker.id())
                        .as(invoker.credential())
                        .on(port),
                Operation.call("GET", subscriptions + "/{subscriptionId}")
                        .path("subscriberId", invoker.id())
                        .path("subscriptionId", kept)
                        .as(invoker.credential())
                        .on(port),
                Operation.call("PUT", subscriptions + "/{subscriptionId}")
                        .path("subscriberId", invoker.id())
                        .path("subscriptionId", kept)
                        .json(subscription)
                        .maxBodySize(MAX_BODY)
                        .as(invoker.credential())
                        .on(port),
                Operation.call("PATCH", subscriptions + "/{subscriptionId}")
                        .path("subscriberId", invoker.id())
                        .path("subscriptionId", kept)
                        .mergePatch("{\"notificationDestination\":\"https://127.0.0.1:9/capif/patched\"}")
                        .maxBodySize(MAX_BODY)
                        .as(invoker.credential())
                        .on(port),
                Operation.call("DELETE", subscriptions + "/{subscriptionId}")
                        .path("subscriberId", invoker.id())
                        .path("subscriptionId", removable)
                        .as(invoker.credential())
                        .on(port),
                Operation.call("POST", "/api-invocation-logs/v1/{aefId}/logs")
                        .path("aefId", domain.aefId())
                        .json(log)
                        .maxBodySize(MAX_BODY)
                        .as(domain.aef())
                        .on(port),
                Operation.call("GET", "/logs/v1/apiInvocationLogs")
                        .query("aef-id", domain.aefId(), QueryKind.IDENTIFIER)
                        .query("api-invoker-id", invoker.id(), QueryKind.IDENTIFIER)
                        .query("time-range-start", "2026-01-01T00:00:00Z", QueryKind.OTHER)
                        .query("limit", "10", QueryKind.INTEGER)
                        .as(domain.amf())
                        .on(port)));
        List<String> parties = List.of(invoker.id(), domain.amfId(), domain.apfId(), domain.aefId());
        List<Map<String, Object>> before = rowsOf(parties);
        assertThat(before).isNotEmpty();

        EdgeSweep.Result result;
        try (LogCapture capture = LogCapture.start()) {
            result = EdgeSweep.run(CapifTestResource.pki(), operations);

            assertThat(result.failures().isEmpty()).as(result.report()).isTrue();
            assertThat(capture.stackTraces()).isEmpty();
            assertThat(capture.warnings("org.capif", "io.vertx", "io.quarkus", "org.jboss"))
                    .isEmpty();
        }
        assertThat(result.sent()).isGreaterThan(200);
        assertThat(rowsOf(parties)).isEqualTo(before);
    }

    /**
     * Everything stored for these parties: subscriptions, queued notifications and invocation logs. Scoped rather than
     * the whole database, because other test classes' subscriptions may still be retrying their callbacks meanwhile.
     */
    private static List<Map<String, Object>> rowsOf(List<String> parties) {
        String ids = String.join(",", parties);
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.addAll(Parties.sql()
                .rows(
                        "select s::text as row from subscription s where subscriber_id = any(string_to_array(?, ',')) order by 1",
                        ids));
        rows.addAll(Parties.sql()
                .rows(
                        "select n::text as row from notification n join subscription s using (subscription_id) where"
                                + " s.subscriber_id = any(string_to_array(?, ',')) order by 1",
                        ids));
        rows.addAll(Parties.sql()
                .rows(
                        "select l::text as row from invocation_log l where aef_id = any(string_to_array(?, ',')) or api_invoker_id = any(string_to_array(?, ','))"
                                + " order by 1",
                        ids,
                        ids));
        return rows;
    }
}
