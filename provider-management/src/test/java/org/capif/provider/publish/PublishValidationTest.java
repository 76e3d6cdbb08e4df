package org.capif.provider.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.capif.testing.http.Problems.assertProblem;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.capif.provider.Fixtures;
import org.capif.provider.ProviderApi;
import org.capif.testing.http.Https;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every bad service API description or request is a 4xx ProblemDetails with a stable cause naming the field, and
 * publishes nothing.
 */
@QuarkusTest
class PublishValidationTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private ProviderApi api;
    private ProviderApi.Registered domain;

    @BeforeEach
    void register() {
        api = new ProviderApi(base);
        domain = api.registerOk();
    }

    private long published() {
        return Fixtures.sql().count("select count(*) from service_api");
    }

    @SuppressWarnings("unchecked")
    private Response publishAltered(Consumer<Map<String, Object>> change) {
        Map<String, Object> body =
                new LinkedHashMap<>(Fixtures.serviceApi(Fixtures.uniqueName("v"), domain.functionId(2)));
        List<Map<String, Object>> profiles = new ArrayList<>();
        ((List<Map<String, Object>>) body.get("aefProfiles")).forEach(p -> profiles.add(new LinkedHashMap<>(p)));
        body.put("aefProfiles", profiles);
        change.accept(body);
        return api.publish(domain.credential(1), domain.functionId(1), body);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> profile(Map<String, Object> body) {
        return ((List<Map<String, Object>>) body.get("aefProfiles")).get(0);
    }

    @Test
    void publishWhenMandatoryFieldsMissingThenBadRequestNamingEach() {
        long before = published();
        assertProblem(publishAltered(b -> b.remove("apiName")), 400, "MANDATORY_IE_MISSING", "/apiName");
        assertProblem(publishAltered(b -> b.remove("aefProfiles")), 400, "MANDATORY_IE_MISSING", "/aefProfiles");
        assertProblem(
                publishAltered(b -> profile(b).remove("versions")),
                400,
                "MANDATORY_IE_MISSING",
                "/aefProfiles/0/versions");
        assertProblem(
                publishAltered(b -> profile(b).remove("securityMethods")),
                400,
                "MANDATORY_IE_MISSING",
                "/aefProfiles/0/securityMethods");
        assertThat(published()).isEqualTo(before);
    }

    @Test
    void publishWhenValuesAreRefusedThenBadRequestNamingEach() {
        long before = published();
        assertProblem(publishAltered(b -> b.put("apiId", "api-mine")), 400, "MANDATORY_IE_INCORRECT", "/apiId");
        assertProblem(publishAltered(b -> b.put("apiName", "with space")), 400, "MANDATORY_IE_INCORRECT", "/apiName");
        assertProblem(
                publishAltered(b -> profile(b).put("protocol", "GOPHER")),
                400,
                "MANDATORY_IE_INCORRECT",
                "/aefProfiles/0/protocol");
        assertProblem(
                publishAltered(b -> profile(b).put("securityMethods", List.of("OAUTH", "MAGIC"))),
                400,
                "MANDATORY_IE_INCORRECT",
                "/aefProfiles/0/securityMethods/1");
        assertProblem(
                publishAltered(b -> profile(b).put("domainName", "api.example.com")),
                400,
                "MANDATORY_IE_INCORRECT",
                "/aefProfiles/0");
        assertProblem(
                publishAltered(b -> profile(b)
                        .put("interfaceDescriptions", List.of(Map.of("fqdn", "a.example.com", "ipv4Addr", "8.8.8.8")))),
                400,
                "MANDATORY_IE_INCORRECT",
                "/aefProfiles/0/interfaceDescriptions/0");
        assertProblem(
                publishAltered(b ->
                        profile(b).put("interfaceDescriptions", List.of(Map.of("ipv4Addr", "8.8.8.8", "port", 70000)))),
                400,
                "MANDATORY_IE_INCORRECT",
                "/aefProfiles/0/interfaceDescriptions/0/port");
        assertProblem(
                publishAltered(b -> profile(b)
                        .put(
                                "versions",
                                List.of(Map.of(
                                        "apiVersion",
                                        "v1",
                                        "resources",
                                        List.of(Map.of(
                                                "resourceName",
                                                "r",
                                                "commType",
                                                "REQUEST_RESPONSE",
                                                "uri",
                                                "http://evil/x")))))),
                400,
                "MANDATORY_IE_INCORRECT",
                "/aefProfiles/0/versions/0/resources/0/uri");
        assertProblem(
                publishAltered(b -> b.put("apiStatus", Map.of("aefIds", List.of("aef-elsewhere")))),
                400,
                "MANDATORY_IE_INCORRECT",
                "/apiStatus/aefIds/0");
        assertThat(published()).isEqualTo(before);
    }

    @Test
    void publishWhenAnInterfaceIsInsideTheOperatorsNetworkThenBadRequest() {
        for (Map<String, Object> iface : List.of(
                Map.<String, Object>of("ipv4Addr", "10.1.2.3"),
                Map.<String, Object>of("ipv4Addr", "127.0.0.1"),
                Map.<String, Object>of("ipv4Addr", "169.254.169.254"),
                Map.<String, Object>of("ipv6Addr", "fd00::1"),
                Map.<String, Object>of("fqdn", "validator.capif.svc.cluster.local"),
                Map.<String, Object>of("fqdn", "localhost"))) {
            Response r = publishAltered(b -> profile(b).put("interfaceDescriptions", List.of(iface)));
            assertProblem(r, 400, "MANDATORY_IE_INCORRECT");
            assertThat(r.asString()).contains("inside the operator's network");
        }
        assertProblem(
                publishAltered(b -> {
                    profile(b).remove("interfaceDescriptions");
                    profile(b).put("domainName", "api.internal");
                }),
                400,
                "MANDATORY_IE_INCORRECT",
                "/aefProfiles/0/domainName");
    }

    @Test
    void publishWhenWrongTypesOrContentTypeThenProblemAndNothingStored() {
        long before = published();
        assertProblem(publishAltered(b -> b.put("aefProfiles", "aef")), 400, "INVALID_JSON");
        assertProblem(publishAltered(b -> b.put("apiName", 42)), 400, "INVALID_JSON");
        Response text = Https.as(Fixtures.pki(), base, domain.credential(1))
                .contentType(ContentType.TEXT)
                .body("apiName=x")
                .post("/published-apis/v1/" + domain.functionId(1) + "/service-apis");
        assertProblem(text, 415, "UNSUPPORTED_MEDIA_TYPE");
        assertThat(published()).isEqualTo(before);
    }

    @Test
    void patchWhenAMemberOutsideThePatchSchemaThenBadRequest() {
        String apiId = publishAltered(b -> {}).jsonPath().getString("apiId");
        assertProblem(
                api.modify(domain.credential(1), domain.functionId(1), apiId, Map.of("apiName", "renamed")),
                400,
                "INVALID_FIELD",
                "/apiName");
    }

    @Test
    void requestsWhenIdsAreNotIdentifiersThenBadRequest() {
        for (String id : List.of("a%00b", "%C3%28", "x".repeat(200))) {
            Response r = Https.as(Fixtures.pki(), base, domain.credential(1))
                    .urlEncodingEnabled(false)
                    .get("/published-apis/v1/" + domain.functionId(1) + "/service-apis/" + id);
            assertThat(r.statusCode()).as(id + ": " + r.asString()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("cause")).isEqualTo("INVALID_IDENTIFIER");
        }
    }
}
