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
 * Subscriptions CAPIF refuses (TS 29.222 §8.3, docs/events.md, decision D27): another subscriber's id, events the role
 * may not see, filters naming other parties, callbacks into the operator's network or over plain HTTP, events this
 * core never produces. Each refusal is a ProblemDetails naming what was refused, and nothing is stored.
 */
@QuarkusTest
class SubscriptionRefusalTest {

    private static final String CALLBACK = "https://127.0.0.1:9/capif/notifications";

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void subscribeWhenAnotherSubscribersIdThenForbiddenAndNothingStored() {
        EventsApi api = new EventsApi(base);
        Parties.Invoker caller = Parties.onboard();
        Parties.Invoker victim = Parties.onboard();

        Response r = api.subscribe(
                caller.credential(), victim.id(), EventsApi.subscription(CALLBACK, List.of("API_INVOKER_UPDATED")));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.jsonPath().getString("cause")).isEqualTo("RESOURCE_NOT_OWNED");
        assertNoneStoredFor(caller.id(), victim.id());
    }

    @Test
    void subscribeWhenEventTheRoleMayNotSeeThenForbiddenNamingEachEvent() {
        EventsApi api = new EventsApi(base);
        Parties.Invoker invoker = Parties.onboard();
        Parties.Domain domain = Parties.register();

        Response byInvoker = api.subscribe(
                invoker.credential(),
                invoker.id(),
                EventsApi.subscription(CALLBACK, List.of("API_INVOKER_UPDATED", "API_INVOKER_ONBOARDED")));
        Response byApf = api.subscribe(
                domain.apf(),
                domain.apfId(),
                EventsApi.subscription(CALLBACK, List.of("API_INVOKER_ONBOARDED", "SERVICE_API_AVAILABLE")));

        assertThat(byInvoker.statusCode()).isEqualTo(403);
        assertThat(byInvoker.jsonPath().getString("cause")).isEqualTo("EVENT_NOT_ALLOWED");
        assertThat(byInvoker.jsonPath().getList("invalidParams.param")).containsExactly("/events/1");
        assertThat(byApf.statusCode()).isEqualTo(403);
        assertThat(byApf.jsonPath().getList("invalidParams.param")).containsExactly("/events/0");
        assertNoneStoredFor(invoker.id(), domain.apfId());
    }

    @Test
    void subscribeWhenFiltersNameOtherPartiesThenForbiddenNamingEachEntry() {
        EventsApi api = new EventsApi(base);
        Parties.Invoker invoker = Parties.onboard();
        Parties.Invoker other = Parties.onboard();
        Parties.Domain mine = Parties.register();
        Parties.Domain foreign = Parties.register();
        Map<String, Object> invokerBody = EventsApi.subscription(CALLBACK, List.of("API_INVOKER_UPDATED"));
        invokerBody.put("eventFilters", List.of(Map.of("apiInvokerIds", List.of(invoker.id(), other.id()))));
        Map<String, Object> amfBody = EventsApi.subscription(CALLBACK, List.of("SERVICE_API_INVOCATION_SUCCESS"));
        amfBody.put("eventFilters", List.of(Map.of("aefIds", List.of(mine.aefId(), foreign.aefId()))));

        Response byInvoker = api.subscribe(invoker.credential(), invoker.id(), invokerBody);
        Response byAmf = api.subscribe(mine.amf(), mine.amfId(), amfBody);

        assertThat(byInvoker.statusCode()).isEqualTo(403);
        assertThat(byInvoker.jsonPath().getString("cause")).isEqualTo("EVENT_NOT_ALLOWED");
        assertThat(byInvoker.jsonPath().getList("invalidParams.param"))
                .containsExactly("/eventFilters/0/apiInvokerIds/1");
        assertThat(byAmf.statusCode()).isEqualTo(403);
        assertThat(byAmf.jsonPath().getList("invalidParams.param")).containsExactly("/eventFilters/0/aefIds/1");
        assertNoneStoredFor(invoker.id(), mine.amfId());
    }

    @Test
    void subscribeWhenCallbackIsInternalAddressOrPlainHttpThenRefused() {
        // (internal names are refused only while no network is allow-listed: CallbackPolicyTest; the tests allow
        // 127.0.0.1/32, so names are accepted here and their addresses checked when sending)
        EventsApi api = new EventsApi(base);
        Parties.Invoker invoker = Parties.onboard();

        for (String destination : List.of(
                "https://10.1.2.3/callback",
                "https://169.254.169.254/latest/meta-data",
                "https://[::1]:8443/callback",
                "https://192.168.0.10:8443/callback",
                "http://203.0.113.10/callback")) {
            Response r = api.subscribe(
                    invoker.credential(),
                    invoker.id(),
                    EventsApi.subscription(destination, List.of("API_INVOKER_UPDATED")));

            assertThat(r.statusCode()).as(destination).isEqualTo(400);
            assertThat(r.jsonPath().getString("cause")).as(destination).isEqualTo("CALLBACK_NOT_ALLOWED");
            assertThat(r.jsonPath().getList("invalidParams.param")).containsExactly("/notificationDestination");
        }
        assertNoneStoredFor(invoker.id(), invoker.id());
    }

    @Test
    void subscribeWhenTopologyHidingEventOrFiltersWithoutEnhancedReportThenBadRequest() {
        EventsApi api = new EventsApi(base);
        Parties.Domain domain = Parties.register();
        Map<String, Object> filtersWithoutFeature = EventsApi.subscription(CALLBACK, List.of("SERVICE_API_AVAILABLE"));
        filtersWithoutFeature.remove("supportedFeatures");
        filtersWithoutFeature.put("eventFilters", List.of(Map.of("apiIds", List.of("api-1"))));

        Response hiding = api.subscribe(
                domain.amf(), domain.amfId(), EventsApi.subscription(CALLBACK, List.of("API_TOPOLOGY_HIDING_CREATED")));
        Response filters = api.subscribe(domain.amf(), domain.amfId(), filtersWithoutFeature);

        assertThat(hiding.statusCode()).isEqualTo(400);
        assertThat(hiding.jsonPath().getString("cause")).isEqualTo("MANDATORY_IE_INCORRECT");
        assertThat(hiding.jsonPath().getList("invalidParams.param")).containsExactly("/events/0");
        assertThat(filters.statusCode()).isEqualTo(400);
        assertThat(filters.jsonPath().getList("invalidParams.param")).contains("/eventFilters");
        assertNoneStoredFor(domain.amfId(), domain.amfId());
    }

    private static void assertNoneStoredFor(String... subscribers) {
        for (String s : subscribers) {
            assertThat(Parties.sql().count("select count(*) from subscription where subscriber_id = ?", s))
                    .as(s)
                    .isZero();
        }
    }
}
