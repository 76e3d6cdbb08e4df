package org.capif.provider.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.capif.testing.http.Problems.assertProblem;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.capif.common.event.EventCodec;
import org.capif.common.event.ServiceApiEvent;
import org.capif.common.event.ServiceApiEventType;
import org.capif.common.event.ServiceApiStatus;
import org.capif.provider.Fixtures;
import org.capif.provider.ProviderApi;
import org.capif.testing.kafka.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * Publishing service APIs (TS 29.222 §5.3, §8.2): the APF of a registered domain publishes on its own AEFs, sees and
 * changes only its own APIs; every change is a service API event.
 */
@QuarkusTest
class PublishTest {

    static final String TOPIC = "capif.service-api-events";

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void publishWhenOnOwnAefThenCreatedWithAnIdLocationRowAndEvent() {
        ProviderApi api = new ProviderApi(base);
        ProviderApi.Registered domain = api.registerOk();
        String name = Fixtures.uniqueName("monitoring");

        Response r = api.publish(
                domain.credential(1), domain.functionId(1), Fixtures.serviceApi(name, domain.functionId(2)));

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        String apiId = r.jsonPath().getString("apiId");
        assertThat(apiId).startsWith("api-");
        assertThat(r.header("Location"))
                .isEqualTo("https://capif.test/published-apis/v1/" + domain.functionId(1) + "/service-apis/" + apiId);
        assertThat(r.jsonPath().getString("apiName")).isEqualTo(name);
        assertThat(r.jsonPath().getString("aefProfiles[0].aefId")).isEqualTo(domain.functionId(2));
        assertThat(r.jsonPath().getString("aefProfiles[0].versions[0].resources[0].uri"))
                .isEqualTo("/subscriptions/{subscriptionId}");
        assertThat(Fixtures.sql()
                        .rows("select apf_id, api_prov_dom_id, api_name from service_api where api_id = ?", apiId))
                .containsExactly(
                        Map.of("apf_id", domain.functionId(1), "api_prov_dom_id", domain.id(), "api_name", name));
        ServiceApiEvent event = events(apiId, 1).get(0);
        assertThat(event.type()).isEqualTo(ServiceApiEventType.SERVICE_API_AVAILABLE);
        assertThat(event.status()).isEqualTo(ServiceApiStatus.PUBLISHED);
        assertThat(event.apfId()).isEqualTo(domain.functionId(1));
        assertThat(event.apiProvDomId()).isEqualTo(domain.id());
        assertThat(event.description().apiId()).isEqualTo(apiId);
        assertThat(event.description().aefProfiles().get(0).securityMethods()).containsExactly("OAUTH", "PKI");
    }

    @Test
    void getListPutPatchDeleteWhenOwnApiThenEachAnsweredAndEveryChangePublished() {
        ProviderApi api = new ProviderApi(base);
        ProviderApi.Registered domain = api.registerOk();
        String apf = domain.functionId(1);
        String name = Fixtures.uniqueName("qos");
        String apiId = api.publish(domain.credential(1), apf, Fixtures.serviceApi(name, domain.functionId(2)))
                .jsonPath()
                .getString("apiId");

        assertThat(api.get(domain.credential(1), apf, apiId).jsonPath().getString("apiName"))
                .isEqualTo(name);
        assertThat(api.list(domain.credential(1), apf).jsonPath().getList("apiId"))
                .containsExactly(apiId);

        Map<String, Object> updated = Fixtures.serviceApi(name, domain.functionId(2));
        updated.put("description", "version two");
        Response put = api.update(domain.credential(1), apf, apiId, updated);
        assertThat(put.statusCode()).as(put.asString()).isEqualTo(200);
        assertThat(put.jsonPath().getString("description")).isEqualTo("version two");

        Response patch = api.modify(domain.credential(1), apf, apiId, Map.of("serviceAPICategory", "monitoring"));
        assertThat(patch.statusCode()).as(patch.asString()).isEqualTo(200);
        assertThat(patch.jsonPath().getString("serviceAPICategory")).isEqualTo("monitoring");
        assertThat(patch.jsonPath().getString("description")).isEqualTo("version two");

        assertThat(api.unpublish(domain.credential(1), apf, apiId).statusCode()).isEqualTo(204);
        assertProblem(api.get(domain.credential(1), apf, apiId), 404, "SERVICE_API_NOT_FOUND");

        List<ServiceApiEvent> events = events(apiId, 4);
        assertThat(events)
                .extracting(ServiceApiEvent::type)
                .containsExactly(
                        ServiceApiEventType.SERVICE_API_AVAILABLE,
                        ServiceApiEventType.SERVICE_API_UPDATE,
                        ServiceApiEventType.SERVICE_API_UPDATE,
                        ServiceApiEventType.SERVICE_API_UNAVAILABLE);
        assertThat(events).extracting(ServiceApiEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(events.get(3).status()).isEqualTo(ServiceApiStatus.UNPUBLISHED);
    }

    @Test
    void publishWhenAnotherDomainsAefOrUnknownAefThenForbiddenAndNothingStored() {
        ProviderApi api = new ProviderApi(base);
        ProviderApi.Registered a = api.registerOk();
        ProviderApi.Registered b = api.registerOk();
        long before = Fixtures.sql().count("select count(*) from service_api");

        assertProblem(
                api.publish(a.credential(1), a.functionId(1), Fixtures.serviceApi("x", b.functionId(2))),
                403,
                "AEF_NOT_IN_DOMAIN");
        assertProblem(
                api.publish(a.credential(1), a.functionId(1), Fixtures.serviceApi("x", "aef-nobody")),
                403,
                "AEF_NOT_IN_DOMAIN");
        assertProblem(
                api.publish(a.credential(1), a.functionId(1), Fixtures.serviceApi("x", a.functionId(1))),
                403,
                "AEF_NOT_IN_DOMAIN"); // an APF is not an AEF
        assertThat(Fixtures.sql().count("select count(*) from service_api")).isEqualTo(before);
    }

    @Test
    void requestsWhenAnotherApfsPathOrApiThenRefused() {
        ProviderApi api = new ProviderApi(base);
        ProviderApi.Registered a = api.registerOk();
        ProviderApi.Registered b = api.registerOk();
        String bApi = api.publish(
                        b.credential(1),
                        b.functionId(1),
                        Fixtures.serviceApi(Fixtures.uniqueName("b"), b.functionId(2)))
                .jsonPath()
                .getString("apiId");

        assertProblem(api.list(a.credential(1), b.functionId(1)), 403, "RESOURCE_NOT_OWNED");
        assertProblem(api.get(a.credential(1), b.functionId(1), bApi), 403, "RESOURCE_NOT_OWNED");
        assertProblem(api.get(a.credential(1), a.functionId(1), bApi), 404, "SERVICE_API_NOT_FOUND");
        assertProblem(api.unpublish(a.credential(1), a.functionId(1), bApi), 404, "SERVICE_API_NOT_FOUND");
        assertProblem(
                api.update(a.credential(1), a.functionId(1), bApi, Fixtures.serviceApi("b", a.functionId(2))),
                404,
                "SERVICE_API_NOT_FOUND");
        assertProblem(api.list(a.credential(0), a.functionId(0)), 403, "ROLE_NOT_ALLOWED"); // the AMF
        assertProblem(api.list(a.credential(2), a.functionId(2)), 403, "ROLE_NOT_ALLOWED"); // the AEF
        assertThat(Fixtures.sql().count("select count(*) from service_api where api_id = ?", bApi))
                .isEqualTo(1);
    }

    @Test
    void publishWhenTheNameIsTakenAtTheAefThenForbiddenButAllowedAtAnotherAef() {
        ProviderApi api = new ProviderApi(base);
        ProviderApi.Registered domain = api.registerOk(List.of(
                Fixtures.function("AMF"),
                Fixtures.function("APF"),
                Fixtures.function("AEF"),
                Fixtures.function("AEF")));
        String name = Fixtures.uniqueName("dup");
        assertThat(api.publish(
                                domain.credential(1),
                                domain.functionId(1),
                                Fixtures.serviceApi(name, domain.functionId(2)))
                        .statusCode())
                .isEqualTo(201);
        assertProblem(
                api.publish(
                        domain.credential(1), domain.functionId(1), Fixtures.serviceApi(name, domain.functionId(2))),
                403,
                "API_NAME_ALREADY_PUBLISHED");
        assertThat(api.publish(
                                domain.credential(1),
                                domain.functionId(1),
                                Fixtures.serviceApi(name, domain.functionId(3)))
                        .statusCode())
                .isEqualTo(201);
        assertThat(Fixtures.sql().count("select count(*) from service_api where api_name = ?", name))
                .isEqualTo(2);
    }

    @Test
    void putWhenTheApiNameChangesThenBadRequest() {
        ProviderApi api = new ProviderApi(base);
        ProviderApi.Registered domain = api.registerOk();
        String apiId = api.publish(
                        domain.credential(1),
                        domain.functionId(1),
                        Fixtures.serviceApi(Fixtures.uniqueName("n"), domain.functionId(2)))
                .jsonPath()
                .getString("apiId");
        assertProblem(
                api.update(
                        domain.credential(1),
                        domain.functionId(1),
                        apiId,
                        Fixtures.serviceApi("renamed", domain.functionId(2))),
                400,
                "MANDATORY_IE_INCORRECT",
                "/apiName");
    }

    static List<ServiceApiEvent> events(String apiId, int count) {
        return TopicReader.readUntil(
                        Fixtures.kafka(),
                        TOPIC,
                        Duration.ofSeconds(20),
                        records -> records.stream()
                                        .filter(r -> apiId.equals(r.key()))
                                        .count()
                                >= count)
                .stream()
                .filter(r -> apiId.equals(r.key()))
                .map(r -> EventCodec.decode(r.value(), ServiceApiEvent.class))
                .toList();
    }
}
