package org.capif.events.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.capif.common.event.ServiceApiEvent;
import org.capif.events.EventsApi;
import org.capif.events.Parties;
import org.capif.events.Receivers;
import org.capif.testing.http.CallbackReceiver;
import org.junit.jupiter.api.Test;

/**
 * CAPIF events caused on the real topics reach a real HTTPS callback receiver: each once, in order, with the
 * {@code eventDetail} the subscriber may see, and never an event that does not concern the subscriber.
 */
@QuarkusTest
class DeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void serviceApiEventsWhenPublishedUpdatedUnpublishedThenInvokerAndAmfEachNotifiedOnceInOrder() {
        EventsApi api = new EventsApi(base);
        CallbackReceiver receiver = Receivers.receiver();
        Parties.Domain domain = Parties.register();
        Parties.Domain other = Parties.register();
        Parties.Invoker invoker = Parties.onboard();
        String apiId = "api-" + UUID.randomUUID();
        List<String> events = List.of("SERVICE_API_AVAILABLE", "SERVICE_API_UPDATE", "SERVICE_API_UNAVAILABLE");
        String invokerPath = Receivers.path("invoker");
        Map<String, Object> invokerSub = EventsApi.subscription(Receivers.url(invokerPath), events);
        invokerSub.put(
                "eventFilters",
                List.of(
                        Map.of("apiIds", List.of(apiId)),
                        Map.of("apiIds", List.of(apiId)),
                        Map.of("apiIds", List.of(apiId))));
        String invokerSubscription = api.subscribeOk(invoker.credential(), invoker.id(), invokerSub);
        String amfPath = Receivers.path("amf");
        String amfSubscription =
                api.subscribeOk(domain.amf(), domain.amfId(), EventsApi.subscription(Receivers.url(amfPath), events));
        String otherPath = Receivers.path("other-amf");
        api.subscribeOk(other.amf(), other.amfId(), EventsApi.subscription(Receivers.url(otherPath), events));

        ServiceApiEvent published = Parties.publish(domain, apiId, "monitoring-" + apiId, "first");
        Parties.publish(domain, apiId, "monitoring-" + apiId, "second");
        Parties.unpublish(published);

        List<CallbackReceiver.Received> toInvoker = receiver.await(
                WAIT,
                all -> all.stream().filter(r -> r.path().equals(invokerPath)).count() >= 3);
        List<JsonNode> invokerGot = toInvoker.stream()
                .filter(r -> r.path().equals(invokerPath))
                .map(Receivers::json)
                .toList();
        assertThat(invokerGot).extracting(n -> n.path("events").asText()).containsExactlyElementsOf(events);
        assertThat(invokerGot)
                .allSatisfy(n -> assertThat(n.path("subscriptionId").asText()).isEqualTo(invokerSubscription));
        JsonNode available = invokerGot.get(0).path("eventDetail");
        assertThat(available.path("apiIds").get(0).asText()).isEqualTo(apiId);
        assertThat(available
                        .path("serviceAPIDescriptions")
                        .get(0)
                        .path("description")
                        .asText())
                .isEqualTo("first");
        assertThat(invokerGot
                        .get(1)
                        .path("eventDetail")
                        .path("serviceAPIDescriptions")
                        .get(0)
                        .path("description")
                        .asText())
                .isEqualTo("second");
        assertThat(invokerGot.get(2).path("eventDetail").has("serviceAPIDescriptions"))
                .isFalse();
        assertThat(invokerGot.get(2).path("eventDetail").path("apiIds").get(0).asText())
                .isEqualTo(apiId);

        List<CallbackReceiver.Received> toAmf = receiver.await(
                WAIT, all -> all.stream().filter(r -> r.path().equals(amfPath)).count() >= 3);
        assertThat(toAmf.stream().filter(r -> r.path().equals(amfPath)).map(Receivers::json))
                .extracting(n -> n.path("subscriptionId").asText() + " "
                        + n.path("events").asText())
                .containsExactly(
                        amfSubscription + " SERVICE_API_AVAILABLE",
                        amfSubscription + " SERVICE_API_UPDATE",
                        amfSubscription + " SERVICE_API_UNAVAILABLE");
        assertThat(receiver.received(invokerPath))
                .extracting(CallbackReceiver.Received::eventId)
                .doesNotHaveDuplicates();
        assertThat(receiver.received(otherPath)).isEmpty();
        assertThat(Parties.sql()
                        .count(
                                "select count(*) from notification where subscription_id in (?, ?)",
                                invokerSubscription,
                                amfSubscription))
                .isZero();
    }

    @Test
    void invokerEventsWhenOnboardedUpdatedOffboardedThenProvidersOfItsApisAndTheInvokerItselfNotified() {
        EventsApi api = new EventsApi(base);
        CallbackReceiver receiver = Receivers.receiver();
        Parties.Domain domain = Parties.register();
        String apiId = "api-" + UUID.randomUUID();
        Parties.publish(domain, apiId, "qos-" + apiId, "qos");
        String amfPath = Receivers.path("amf-invokers");
        api.subscribeOk(
                domain.amf(),
                domain.amfId(),
                EventsApi.subscription(
                        Receivers.url(amfPath),
                        List.of("API_INVOKER_ONBOARDED", "API_INVOKER_UPDATED", "API_INVOKER_OFFBOARDED")));
        String aefPath = Receivers.path("aef-invokers");
        api.subscribeOk(
                domain.aef(),
                domain.aefId(),
                EventsApi.subscription(Receivers.url(aefPath), List.of("API_INVOKER_OFFBOARDED")));

        Parties.Invoker mine = Parties.onboard(Parties.subscribed(domain, apiId, "qos-" + apiId));
        Parties.Invoker unrelated = Parties.onboard();
        String invokerPath = Receivers.path("invoker-self");
        String own = api.subscribeOk(
                mine.credential(),
                mine.id(),
                EventsApi.subscription(
                        Receivers.url(invokerPath), List.of("API_INVOKER_UPDATED", "API_INVOKER_OFFBOARDED")));
        Parties.update(mine, Parties.subscribed(domain, apiId, "qos-" + apiId));
        Parties.update(unrelated);
        Parties.offboard(mine);

        receiver.await(
                WAIT,
                all -> all.stream().filter(r -> r.path().equals(amfPath)).count() >= 3
                        && all.stream()
                                        .filter(r -> r.path().equals(invokerPath))
                                        .count()
                                >= 2
                        && all.stream().anyMatch(r -> r.path().equals(aefPath)));
        assertThat(receiver.received(amfPath).stream().map(Receivers::json))
                .extracting(n -> n.path("events").asText() + " "
                        + n.path("eventDetail").path("apiInvokerIds").get(0).asText())
                .containsExactly(
                        "API_INVOKER_ONBOARDED " + mine.id(),
                        "API_INVOKER_UPDATED " + mine.id(),
                        "API_INVOKER_OFFBOARDED " + mine.id());
        assertThat(receiver.received(invokerPath).stream().map(Receivers::json))
                .extracting(n -> n.path("events").asText())
                .containsExactly("API_INVOKER_UPDATED", "API_INVOKER_OFFBOARDED");
        assertThat(receiver.received(aefPath).stream().map(Receivers::json))
                .extracting(
                        n -> n.path("eventDetail").path("apiInvokerIds").get(0).asText())
                .containsExactly(mine.id());
        // the offboarded invoker's subscription ends once its last notification is delivered
        Parties.awaitRow("select 1 where not exists (select 1 from subscription where subscription_id = ?)", own);
    }

    @Test
    void notificationWhenEnhancedEventReportNotNegotiatedThenNoEventDetail() {
        EventsApi api = new EventsApi(base);
        CallbackReceiver receiver = Receivers.receiver();
        Parties.Invoker invoker = Parties.onboard();
        String path = Receivers.path("plain");
        Map<String, Object> body = EventsApi.subscription(Receivers.url(path), List.of("API_INVOKER_UPDATED"));
        body.remove("supportedFeatures");
        String id = api.subscribeOk(invoker.credential(), invoker.id(), body);

        Parties.update(invoker);

        List<CallbackReceiver.Received> got =
                receiver.await(WAIT, all -> !receiver.received(path).isEmpty());
        JsonNode n = Receivers.json(receiver.received(path).get(0));
        assertThat(got).isNotEmpty();
        assertThat(n.path("subscriptionId").asText()).isEqualTo(id);
        assertThat(n.path("events").asText()).isEqualTo("API_INVOKER_UPDATED");
        assertThat(n.has("eventDetail")).isFalse();
        assertThat(receiver.received(path).get(0).eventId()).isNotBlank();
    }
}
