package org.capif.events.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.capif.events.EventsApi;
import org.capif.events.Parties;
import org.junit.jupiter.api.Test;

/**
 * TS 29.222 §8.3 CAPIF_Events_API subscriptions: create, read, replace, modify and delete, answers valid against the
 * YAML, features negotiated, and what the OpenCAPIF SDK sends ({@code eventReq: {}}) accepted.
 */
@QuarkusTest
class SubscriptionTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private static final String CALLBACK = "https://127.0.0.1:9/capif/notifications";

    @Test
    void subscribeWhenInvokerThenCreatedWithLocationIdAndNegotiatedFeatures() {
        EventsApi api = new EventsApi(base);
        Parties.Invoker invoker = Parties.onboard();
        Map<String, Object> body =
                EventsApi.subscription(CALLBACK, List.of("SERVICE_API_AVAILABLE", "API_INVOKER_AUTHORIZATION_REVOKED"));
        body.put("supportedFeatures", "F");

        Response r = api.subscribe(invoker.credential(), invoker.id(), body);

        assertThat(r.statusCode()).isEqualTo(201);
        String location = r.header("Location");
        assertThat(location).startsWith("https://capif.test/capif-events/v1/" + invoker.id() + "/subscriptions/");
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertThat(r.jsonPath().getString("supportedFeatures")).isEqualTo("4");
        assertThat(r.jsonPath().getList("events"))
                .containsExactly("SERVICE_API_AVAILABLE", "API_INVOKER_AUTHORIZATION_REVOKED");
        var rows = Parties.sql()
                .rows(
                        "select subscriber_id, subscriber_role, kind, enhanced, notification_destination from"
                                + " subscription where subscription_id = ?",
                        id);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0))
                .containsEntry("subscriber_id", invoker.id())
                .containsEntry("subscriber_role", "INVOKER")
                .containsEntry("kind", "EVENTS")
                .containsEntry("enhanced", true)
                .containsEntry("notification_destination", CALLBACK);
    }

    @Test
    void subscribeWhenSdkShapeWithEmptyEventReqAndNoFeaturesThenCreatedWithoutEventDetail() {
        EventsApi api = new EventsApi(base);
        Parties.Domain domain = Parties.register();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("events", List.of("SERVICE_API_AVAILABLE", "SERVICE_API_UNAVAILABLE"));
        body.put("eventReq", Map.of());
        body.put("notificationDestination", CALLBACK);

        Response r = api.subscribe(domain.apf(), domain.apfId(), body);

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        assertThat(r.header("Location"))
                .endsWith("/subscriptions/"
                        + r.header("Location").substring(r.header("Location").lastIndexOf('/') + 1));
        assertThat(r.jsonPath().getString("supportedFeatures")).isEqualTo("0");
        assertThat(Parties.sql()
                        .count(
                                "select count(*) from subscription where subscriber_id = ? and not enhanced",
                                domain.apfId()))
                .isEqualTo(1);
    }

    @Test
    void readReplaceModifyDeleteWhenOwnSubscriptionThenEachAppliedAndGoneAfterDelete() {
        EventsApi api = new EventsApi(base);
        Parties.Domain domain = Parties.register();
        String id = api.subscribeOk(
                domain.amf(), domain.amfId(), EventsApi.subscription(CALLBACK, List.of("API_INVOKER_ONBOARDED")));
        String path = EventsApi.subscriptions(domain.amfId()) + "/" + id;

        Response got = api.get(domain.amf(), path);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.jsonPath().getList("events")).containsExactly("API_INVOKER_ONBOARDED");

        Map<String, Object> replacement = EventsApi.subscription(
                CALLBACK + "/2", List.of("API_INVOKER_OFFBOARDED", "SERVICE_API_INVOCATION_FAILURE"));
        replacement.put("eventFilters", List.of(Map.of(), Map.of("aefIds", List.of(domain.aefId()))));
        Response put = api.put(domain.amf(), domain.amfId(), id, replacement);
        assertThat(put.statusCode()).as(put.asString()).isEqualTo(200);
        assertThat(put.jsonPath().getString("notificationDestination")).isEqualTo(CALLBACK + "/2");

        Response patched = api.patch(
                domain.amf(),
                domain.amfId(),
                id,
                Map.of("eventReq", Map.of("maxReportNbr", 3), "notificationDestination", CALLBACK + "/3"));
        assertThat(patched.statusCode()).as(patched.asString()).isEqualTo(200);
        assertThat(patched.jsonPath().getList("events"))
                .containsExactly("API_INVOKER_OFFBOARDED", "SERVICE_API_INVOCATION_FAILURE");
        assertThat(patched.jsonPath().getInt("eventReq.maxReportNbr")).isEqualTo(3);
        assertThat(Parties.sql()
                        .rows(
                                "select max_reports, notification_destination from subscription where subscription_id = ?",
                                id)
                        .get(0))
                .containsEntry("max_reports", 3L)
                .containsEntry("notification_destination", CALLBACK + "/3");

        Response listed = api.get(domain.amf(), EventsApi.subscriptions(domain.amfId()));
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.jsonPath().getList("subscriptionId")).containsExactly(id);

        assertThat(api.delete(domain.amf(), domain.amfId(), id).statusCode()).isEqualTo(204);
        assertThat(Parties.sql().count("select count(*) from subscription where subscription_id = ?", id))
                .isZero();
        Response again = api.delete(domain.amf(), domain.amfId(), id);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.jsonPath().getString("cause")).isEqualTo("SUBSCRIPTION_NOT_FOUND");
    }

    @Test
    void patchWhenFieldOutsidePatchSchemaThenRefusedAndUnchanged() {
        EventsApi api = new EventsApi(base);
        Parties.Invoker invoker = Parties.onboard();
        String id = api.subscribeOk(
                invoker.credential(), invoker.id(), EventsApi.subscription(CALLBACK, List.of("API_INVOKER_UPDATED")));

        Response r = api.patch(invoker.credential(), invoker.id(), id, Map.of("supportedFeatures", "0"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.jsonPath().getString("cause")).isEqualTo("INVALID_FIELD");
        assertThat(Parties.sql().count("select count(*) from subscription where subscription_id = ? and enhanced", id))
                .isEqualTo(1);
    }

    @Test
    void replaceWhenAnotherSubscribersIdThenNotFoundAndUnchanged() {
        EventsApi api = new EventsApi(base);
        Parties.Invoker owner = Parties.onboard();
        Parties.Invoker other = Parties.onboard();
        String id = api.subscribeOk(
                owner.credential(), owner.id(), EventsApi.subscription(CALLBACK, List.of("API_INVOKER_UPDATED")));

        Response r = api.put(
                other.credential(),
                other.id(),
                id,
                EventsApi.subscription(CALLBACK + "/stolen", List.of("API_INVOKER_UPDATED")));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(Parties.sql()
                        .rows("select notification_destination from subscription where subscription_id = ?", id)
                        .get(0))
                .containsEntry("notification_destination", CALLBACK);
    }
}
