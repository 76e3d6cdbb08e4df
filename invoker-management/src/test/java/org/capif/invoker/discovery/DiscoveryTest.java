package org.capif.invoker.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.capif.testing.http.Problems.assertProblem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.capif.common.api.AefLocation;
import org.capif.common.api.AefProfile;
import org.capif.common.api.ApiStatus;
import org.capif.common.api.CustomOperation;
import org.capif.common.api.InterfaceDescription;
import org.capif.common.api.IpAddrRange;
import org.capif.common.api.PublishedApiPath;
import org.capif.common.api.Resource;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.api.ServiceKpis;
import org.capif.common.api.ShareableInformation;
import org.capif.common.api.Version;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.KeyPairs;
import org.capif.common.event.ServiceApiEvent;
import org.capif.common.event.ServiceApiStatus;
import org.capif.invoker.Fixtures;
import org.capif.invoker.InvokerApi;
import org.capif.testing.contract.OpenApiContract;
import org.capif.testing.events.ProviderSide;
import org.capif.testing.http.Https;
import org.capif.testing.pki.Credential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Discovery (TS 29.222 §5.2, §8.1 CAPIF_Discover_Service_API): an onboarded invoker discovers, for itself, exactly
 * what the APFs published for invokers, filtered as its query asks; answers checked against the official YAML.
 */
@QuarkusTest
class DiscoveryTest {

    static final String PATH = "/service-apis/v1/allServiceAPIs";
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private final OpenApiContract contract =
            OpenApiContract.of("TS29222_CAPIF_Discover_Service_API.yaml", "/service-apis/v1");
    private InvokerApi.Onboarded invoker;

    @BeforeEach
    void onboard() {
        invoker = new InvokerApi(base).onboardOk(KeyPairs.ecP256());
    }

    private Response discover(Credential client, Map<String, String> query) {
        RequestSpecification spec =
                client == null ? Https.anonymous(Fixtures.pki(), base) : Https.as(Fixtures.pki(), base, client);
        query.forEach(spec::queryParam);
        return contract.check("GET", PATH, spec.get(PATH));
    }

    private Response discover(Map<String, String> filters) {
        Map<String, String> query = new java.util.LinkedHashMap<>(filters);
        query.put("api-invoker-id", invoker.id());
        return discover(invoker.credential(), query);
    }

    private static AefProfile profile(String aefId, String version, String protocol, List<String> methods) {
        return new AefProfile(
                aefId,
                List.of(new Version(
                        version,
                        null,
                        List.of(new Resource(
                                "items", "REQUEST_RESPONSE", "/items/{id}", null, null, List.of("GET"), null)),
                        List.of(new CustomOperation("SUBSCRIBE_NOTIFY", "notify", List.of("POST"), null)))),
                protocol,
                "JSON",
                methods,
                null,
                List.of(new InterfaceDescription(null, null, aefId + ".example.com", 443, "/prefix", null)),
                new AefLocation(null, null, "dc-" + aefId),
                new ServiceKpis(100L, 50L, 99L, "2 GFLOPS", null, "512 MB", null, 1000L),
                new IpAddrRange(List.of(new IpAddrRange.AddressRange("198.51.100.0", "198.51.100.255")), null));
    }

    /** Publishes an API at two AEFs, with everything an APF may set, and waits until this service knows it. */
    private ServiceApiEvent publishRich(String name) {
        ServiceAPIDescription d = new ServiceAPIDescription(
                name,
                "api-" + UUID.randomUUID(),
                null,
                List.of(
                        profile("aef-a-" + name, "v1", "HTTP_1_1", List.of("OAUTH")),
                        profile("aef-b-" + name, "v2", "HTTP_2", List.of("PKI"))),
                "a rich API",
                "0",
                new ShareableInformation(true, List.of("other-ccf")),
                "monitoring",
                "3",
                new PublishedApiPath(List.of("ccf-internal")),
                "ccf-1");
        ServiceApiEvent e = ProviderSide.publish(Fixtures.kafkaBootstrap(), d, ServiceApiStatus.PUBLISHED);
        awaitView(e);
        return e;
    }

    private static void awaitView(ServiceApiEvent e) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> Fixtures.sql()
                                .count(
                                        "select count(*) from published_api_view where api_id = ? and sequence = ?",
                                        e.apiId(),
                                        e.sequence())
                        == 1);
    }

    @Test
    void discoverWhenTheApiIsPublishedThenItIsFoundWithItsProfilesAndNothingInternal() {
        String name = "rich-" + UUID.randomUUID().toString().substring(0, 8);
        ServiceApiEvent published = publishRich(name);

        Response r = discover(Map.of("api-name", name));

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getList("serviceAPIDescriptions.apiId")).containsExactly(published.apiId());
        assertThat(r.jsonPath().getList("serviceAPIDescriptions[0].aefProfiles.aefId"))
                .containsExactly("aef-a-" + name, "aef-b-" + name);
        assertThat(r.jsonPath().getList("serviceAPIDescriptions[0].aefProfiles[0].securityMethods"))
                .containsExactly("OAUTH");
        assertThat(r.jsonPath().getString("serviceAPIDescriptions[0].aefProfiles[0].versions[0].resources[0].uri"))
                .isEqualTo("/items/{id}");
        assertThat(r.asString())
                .doesNotContain("ccf-internal", "other-ccf", "shareableInfo", "pubApiPath", "ccfId", "apiStatus");
    }

    @Test
    void discoverWhenProfileFiltersAreGivenThenOnlyMatchingProfilesAreAnswered() throws Exception {
        String name = "filtered-" + UUID.randomUUID().toString().substring(0, 8);
        publishRich(name);

        assertThat(discover(Map.of("api-name", name, "aef-id", "aef-b-" + name))
                        .jsonPath()
                        .getList("serviceAPIDescriptions[0].aefProfiles.aefId"))
                .containsExactly("aef-b-" + name);
        assertThat(discover(Map.of("api-name", name, "api-version", "v1"))
                        .jsonPath()
                        .getList("serviceAPIDescriptions[0].aefProfiles.aefId"))
                .containsExactly("aef-a-" + name);
        assertThat(discover(Map.of("api-name", name, "protocol", "HTTP_2"))
                        .jsonPath()
                        .getList("serviceAPIDescriptions[0].aefProfiles.aefId"))
                .containsExactly("aef-b-" + name);
        assertThat(discover(Map.of(
                                "api-name",
                                name,
                                "comm-type",
                                "SUBSCRIBE_NOTIFY",
                                "data-format",
                                "JSON",
                                "api-cat",
                                "monitoring"))
                        .jsonPath()
                        .getList("serviceAPIDescriptions[0].aefProfiles"))
                .hasSize(2);
        assertThat(discover(Map.of("api-name", name, "api-supported-features", "1"))
                        .statusCode())
                .isEqualTo(200);
        assertProblem(discover(Map.of("api-name", name, "api-supported-features", "4")), 404, "SERVICE_API_NOT_FOUND");
        assertThat(discover(Map.of(
                                "api-name",
                                name,
                                "ue-ip-addr",
                                JSON.writeValueAsString(Map.of("ipv4Addr", "198.51.100.7"))))
                        .statusCode())
                .isEqualTo(200);
        assertProblem(
                discover(Map.of(
                        "api-name", name, "ue-ip-addr", JSON.writeValueAsString(Map.of("ipv4Addr", "203.0.113.7")))),
                404,
                "SERVICE_API_NOT_FOUND");
        assertThat(discover(Map.of(
                                "api-name",
                                name,
                                "service-kpis",
                                JSON.writeValueAsString(Map.of("maxReqRate", 50, "avalMem", "256 MB"))))
                        .statusCode())
                .isEqualTo(200);
        assertProblem(
                discover(Map.of(
                        "api-name", name, "service-kpis", JSON.writeValueAsString(Map.of("avalComp", "5 TFLOPS")))),
                404,
                "SERVICE_API_NOT_FOUND");
        assertThat(discover(Map.of(
                                "api-name",
                                name,
                                "preferred-aef-loc",
                                JSON.writeValueAsString(Map.of("dcId", "dc-aef-b-" + name))))
                        .jsonPath()
                        .getList("serviceAPIDescriptions[0].aefProfiles.aefId"))
                .containsExactly("aef-b-" + name, "aef-a-" + name);
        assertProblem(discover(Map.of("api-name", name, "req-api-prov-name", "someone")), 404, "SERVICE_API_NOT_FOUND");
        assertProblem(discover(Map.of("api-name", name, "aef-id", "aef-nowhere")), 404, "SERVICE_API_NOT_FOUND");
    }

    @Test
    void discoverWhenTheApiIsUnpublishedOrInactiveAtAnAefThenItIsNotAnswered() {
        String name = "gone-" + UUID.randomUUID().toString().substring(0, 8);
        ServiceApiEvent published = publishRich(name);
        ServiceAPIDescription d = published.description();
        ServiceApiEvent narrowed = ProviderSide.publish(
                Fixtures.kafkaBootstrap(),
                new ServiceAPIDescription(
                        d.apiName(),
                        d.apiId(),
                        new ApiStatus(List.of("aef-b-" + name)),
                        d.aefProfiles(),
                        d.description(),
                        d.supportedFeatures(),
                        d.shareableInfo(),
                        d.serviceAPICategory(),
                        d.apiSuppFeats(),
                        d.pubApiPath(),
                        d.ccfId()),
                ServiceApiStatus.PUBLISHED);
        awaitView(narrowed);
        assertThat(discover(Map.of("api-name", name)).jsonPath().getList("serviceAPIDescriptions[0].aefProfiles.aefId"))
                .containsExactly("aef-b-" + name);

        awaitView(ProviderSide.unpublish(Fixtures.kafkaBootstrap(), narrowed));
        assertProblem(discover(Map.of("api-name", name)), 404, "SERVICE_API_NOT_FOUND");
    }

    @Test
    void discoverWhenOnlyInterfacesNameSecurityMethodsThenTheProfileListsTheirUnion() {
        String name = "ifaces-" + UUID.randomUUID().toString().substring(0, 8);
        ServiceAPIDescription d = new ServiceAPIDescription(
                name,
                "api-" + UUID.randomUUID(),
                null,
                List.of(new AefProfile(
                        "aef-i-" + name,
                        List.of(Version.of("v1")),
                        null,
                        null,
                        null,
                        null,
                        List.of(
                                new InterfaceDescription(null, null, "a.example.com", 443, null, List.of("PKI")),
                                new InterfaceDescription(null, null, "b.example.com", 443, null, List.of("OAUTH"))),
                        null,
                        null,
                        null)),
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        awaitView(ProviderSide.publish(Fixtures.kafkaBootstrap(), d, ServiceApiStatus.PUBLISHED));
        assertThat(discover(Map.of("api-name", name))
                        .jsonPath()
                        .getList("serviceAPIDescriptions[0].aefProfiles[0].securityMethods"))
                .containsExactly("PKI", "OAUTH");
    }

    @Test
    void discoverWhenNotForItselfOrNotTheCurrentCertificateThenRefused() {
        InvokerApi.Onboarded other = new InvokerApi(base).onboardOk(KeyPairs.ecP256());
        assertProblem(discover(invoker.credential(), Map.of("api-invoker-id", other.id())), 403, "RESOURCE_NOT_OWNED");
        assertProblem(discover(null, Map.of("api-invoker-id", invoker.id())), 401, "CLIENT_CERTIFICATE_REQUIRED");
        Credential aef = Fixtures.pki().client(CapifIdentity.aef("aef-demo"));
        assertProblem(discover(aef, Map.of("api-invoker-id", invoker.id())), 403, "ROLE_NOT_ALLOWED");
        Credential stale = Fixtures.pki().client(new CapifIdentity(CapifRole.INVOKER, invoker.id()));
        assertProblem(discover(stale, Map.of("api-invoker-id", invoker.id())), 401, "CLIENT_CERTIFICATE_INVALID");
        assertThat(new InvokerApi(base)
                        .delete(invoker.credential(), invoker.id())
                        .statusCode())
                .isEqualTo(204);
        assertProblem(
                discover(invoker.credential(), Map.of("api-invoker-id", invoker.id())),
                401,
                "CLIENT_CERTIFICATE_INVALID");
    }

    @Test
    void discoverWhenTheQueryIsMalformedThenBadRequest() {
        assertProblem(discover(invoker.credential(), Map.of()), 400, "MANDATORY_IE_MISSING", "api-invoker-id");
        assertProblem(
                discover(Map.of("api-supported-features", "1")),
                400,
                "MANDATORY_IE_INCORRECT",
                "api-supported-features");
        assertProblem(discover(Map.of("ue-ip-addr", "{not json")), 400, "MANDATORY_IE_INCORRECT", "ue-ip-addr");
        assertProblem(
                discover(Map.of("ue-ip-addr", "{\"ipv4Addr\":\"999.1.1.1\"}")),
                400,
                "MANDATORY_IE_INCORRECT",
                "ue-ip-addr");
        assertProblem(
                discover(Map.of("supported-features", "zz")), 400, "MANDATORY_IE_INCORRECT", "supported-features");
        Response repeated = Https.as(Fixtures.pki(), base, invoker.credential())
                .urlEncodingEnabled(false)
                .get(PATH + "?api-invoker-id=" + invoker.id() + "&api-name=a&api-name=b");
        assertProblem(repeated, 400, "MANDATORY_IE_INCORRECT", "api-name");
        Response nul = Https.as(Fixtures.pki(), base, invoker.credential())
                .urlEncodingEnabled(false)
                .get(PATH + "?api-invoker-id=a%00b");
        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(nul.contentType()).startsWith("application/problem+json");
    }
}
