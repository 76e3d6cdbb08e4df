package org.capif.invoker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.capif.testing.http.Problems.assertProblem;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.capif.common.api.AefProfile;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.api.Version;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.KeyPairs;
import org.capif.common.event.EventCodec;
import org.capif.common.event.InvokerEvent;
import org.capif.common.event.ServiceApiEvent;
import org.capif.common.event.ServiceApiStatus;
import org.capif.common.event.SubscribedApi;
import org.capif.invoker.Fixtures;
import org.capif.invoker.InvokerApi;
import org.capif.testing.events.ProviderSide;
import org.capif.testing.http.Https;
import org.capif.testing.kafka.TopicReader;
import org.capif.testing.kafka.TopicWriter;
import org.junit.jupiter.api.Test;

/**
 * The view of published service APIs built from the service API events, and what it decides: which APIs an invoker
 * can be granted, what its enrolment lists, and the subscriptions its events carry. The view is idempotent, skips
 * poison records, and can be rebuilt from the topic alone.
 */
@QuarkusTest
class PublishedApiViewTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ServiceApiEvent publishAt(String apiName, String... aefIds) {
        List<AefProfile> profiles = java.util.Arrays.stream(aefIds)
                .map(aef -> new AefProfile(
                        aef,
                        List.of(Version.of("v1")),
                        null,
                        null,
                        List.of("OAUTH"),
                        aef + ".example.com",
                        null,
                        null,
                        null,
                        null))
                .toList();
        ServiceApiEvent e = ProviderSide.publish(
                Fixtures.kafkaBootstrap(),
                new ServiceAPIDescription(
                        apiName, "api-" + UUID.randomUUID(), null, profiles, null, null, null, null, null, null, null),
                ServiceApiStatus.PUBLISHED);
        await(e);
        return e;
    }

    private static void await(ServiceApiEvent e) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> Fixtures.sql()
                                .count(
                                        "select count(*) from published_api_view where api_id = ? and sequence >= ?",
                                        e.apiId(),
                                        e.sequence())
                        == 1);
    }

    private Response onboard(Map<String, Object> apiRequest) {
        Map<String, Object> body = Fixtures.enrolment(Fixtures.csr(KeyPairs.ecP256()));
        body.put("apiList", Map.of("serviceAPIDescriptions", List.of(apiRequest)));
        return new InvokerApi(base).onboard(Fixtures.credential(), body);
    }

    @Test
    void onboardWhenAnApiWasJustPublishedThenItIsGrantedByIdOrByNameAndAefAndEveryActiveAefIsSubscribed() {
        String apiName = name("fresh");
        ServiceApiEvent api = publishAt(apiName, "aef-x-" + apiName, "aef-y-" + apiName);

        Response byId = onboard(Map.of("apiName", apiName, "apiId", api.apiId()));
        assertThat(byId.statusCode()).as(byId.asString()).isEqualTo(201);
        assertThat(byId.jsonPath().getList("apiList.serviceAPIDescriptions.apiId"))
                .containsExactly(api.apiId());
        Response byName = onboard(Map.of(
                "apiName",
                apiName,
                "aefProfiles",
                List.of(Map.of("aefId", "aef-y-" + apiName, "versions", List.of(Map.of("apiVersion", "v1"))))));
        assertThat(byName.statusCode()).as(byName.asString()).isEqualTo(201);

        String invokerId = byId.jsonPath().getString("apiInvokerId");
        InvokerEvent event = TopicReader.readUntil(
                        Fixtures.kafkaBootstrap(), "capif.invoker-events", Duration.ofSeconds(20), rs -> rs.stream()
                                .anyMatch(r -> invokerId.equals(r.key())))
                .stream()
                .filter(r -> invokerId.equals(r.key()))
                .map(r -> EventCodec.decode(r.value(), InvokerEvent.class))
                .findFirst()
                .orElseThrow();
        assertThat(event.apis())
                .containsExactly(
                        new SubscribedApi(api.apiId(), apiName, "aef-x-" + apiName, List.of("OAUTH")),
                        new SubscribedApi(api.apiId(), apiName, "aef-y-" + apiName, List.of("OAUTH")));
    }

    @Test
    void onboardWhenTheNameIsPublishedAtTwoAefsAndNoneIsNamedThenBadRequestAndNothingStored() {
        String apiName = name("twice");
        publishAt(apiName, "aef-1-" + apiName);
        publishAt(apiName, "aef-2-" + apiName);
        long before = Fixtures.sql().count("select count(*) from api_invoker");
        Response r = onboard(Map.of("apiName", apiName));
        assertProblem(r, 400, "UNKNOWN_SERVICE_API", "/apiList/serviceAPIDescriptions/0");
        assertThat(r.asString()).contains("several published APIs");
        assertThat(Fixtures.sql().count("select count(*) from api_invoker")).isEqualTo(before);
    }

    @Test
    void onboardWhenTheApiIsUnpublishedThenBadRequestAndAnEarlierSubscriptionLeavesTheAnswer() {
        String apiName = name("leaving");
        ServiceApiEvent api = publishAt(apiName, "aef-l-" + apiName);
        java.security.KeyPair keys = KeyPairs.ecP256();
        Map<String, Object> body = Fixtures.enrolment(Fixtures.csr(keys), "api-qos");
        body.put(
                "apiList",
                Map.of(
                        "serviceAPIDescriptions",
                        List.of(
                                Map.of("apiName", apiName, "apiId", api.apiId()),
                                Map.of("apiName", "as-session-with-qos", "apiId", "api-qos"))));
        Response onboarded = new InvokerApi(base).onboard(Fixtures.credential(), body);
        assertThat(onboarded.statusCode()).as(onboarded.asString()).isEqualTo(201);
        InvokerApi.Onboarded invoker = new InvokerApi.Onboarded(
                onboarded.jsonPath().getString("apiInvokerId"),
                keys,
                org.capif.common.cert.Pem.certificate(
                        onboarded.jsonPath().getString("onboardingInformation.apiInvokerCertificate")),
                onboarded);

        ServiceApiEvent gone = ProviderSide.unpublish(Fixtures.kafkaBootstrap(), api);
        await(gone);

        assertProblem(onboard(Map.of("apiName", apiName, "apiId", api.apiId())), 400, "UNKNOWN_SERVICE_API");
        Response patched = new InvokerApi(base)
                .patch(invoker.credential(), invoker.id(), Map.of("apiInvokerInformation", "still here"));
        assertThat(patched.statusCode()).as(patched.asString()).isEqualTo(200);
        assertThat(patched.jsonPath().getList("apiList.serviceAPIDescriptions.apiId"))
                .containsExactly("api-qos");
    }

    @Test
    void consumeWhenEventsAreReplayedOrOlderOrPoisonThenTheViewKeepsTheNewestAndGoesOn() {
        String apiName = name("replayed");
        ServiceApiEvent v1 = publishAt(apiName, "aef-r-" + apiName);
        ServiceApiEvent v2 =
                ProviderSide.publish(Fixtures.kafkaBootstrap(), v1.description(), ServiceApiStatus.UNPUBLISHED);
        await(v2);
        TopicWriter.send(Fixtures.kafkaBootstrap(), ProviderSide.SERVICE_API_TOPIC, v1.apiId(), EventCodec.encode(v1));
        TopicWriter.send(Fixtures.kafkaBootstrap(), ProviderSide.SERVICE_API_TOPIC, v1.apiId(), "{not an event");
        ServiceApiEvent after = publishAt(name("after"), "aef-after");

        assertThat(Fixtures.sql().rows("select status, sequence from published_api_view where api_id = ?", v1.apiId()))
                .containsExactly(Map.of("status", "UNPUBLISHED", "sequence", 2L));
        assertThat(after.sequence()).isEqualTo(1);
        assertThat(TopicReader.readUntil(
                                Fixtures.kafkaBootstrap(),
                                ProviderSide.SERVICE_API_TOPIC + ".invoker-management.dlq",
                                Duration.ofSeconds(20),
                                rs -> rs.stream().anyMatch(r -> v1.apiId().equals(r.key())))
                        .stream()
                        .filter(r -> v1.apiId().equals(r.key()))
                        .map(r -> r.value()))
                .containsExactly("{not an event");
    }

    @Test
    void rebuildWhenTheOperatorAsksThenTheViewEqualsTheOriginal() {
        publishAt(name("rebuilt"), "aef-rb");
        String query = "select api_id, status, apf_id, api_prov_dom_id, api_name, description, sequence, event_id"
                + " from published_api_view order by api_id";
        List<Map<String, Object>> original = Fixtures.sql().rows(query);

        Response r = Https.as(Fixtures.pki(), base, Fixtures.pki().client(new CapifIdentity(CapifRole.OPERATOR, "ops")))
                .post("/capif-admin/v1/service-api-view/rebuild");

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getInt("restored")).isEqualTo(original.size());
        assertThat(Fixtures.sql().rows(query)).isEqualTo(original);
        Response invoker = Https.as(
                        Fixtures.pki(),
                        base,
                        Fixtures.pki()
                                .client(CapifIdentity.invoker(UUID.randomUUID().toString())))
                .post("/capif-admin/v1/service-api-view/rebuild");
        assertProblem(invoker, 403, "ROLE_NOT_ALLOWED");
    }
}
