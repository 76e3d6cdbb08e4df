package org.capif.authz.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.capif.authz.Problems.assertProblem;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.capif.authz.Invokers;
import org.capif.authz.Problems;
import org.capif.authz.SecurityApi;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.event.AuthorizedApi;
import org.capif.common.event.SecurityEvent;
import org.capif.common.event.SecurityEventType;
import org.capif.testing.CapifTestResource;
import org.capif.testing.pki.Credential;
import org.junit.jupiter.api.Test;

/** Establishing, reading and renegotiating security contexts (TS 29.222 §5.6.2.2, §5.6.2.3). */
@QuarkusTest
class SecurityContextTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void putWhenInvokerPrefersMethodsThenFirstSupportedIsSelectedStoredAndPublished() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS, Invokers.MONITORING, Invokers.TRAFFIC);

        Response r = api.put(
                i.credential(),
                i.id(),
                SecurityApi.serviceSecurity(
                        SecurityApi.entry("aef-demo", "api-monitoring-event", "PKI", "OAUTH"),
                        SecurityApi.entry("aef-demo", "api-qos", "PKI", "OAUTH"),
                        SecurityApi.entry("aef-two", "api-traffic", "OAUTH", "PKI")));

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        assertThat(r.header("Location")).isEqualTo("https://capif.test/capif-security/v1/trustedInvokers/" + i.id());
        assertThat(r.jsonPath().getList("securityInfo.selSecurityMethod")).containsExactly("PKI", "OAUTH", "OAUTH");
        assertThat(r.jsonPath().getList("securityInfo.apiId"))
                .containsExactly("api-monitoring-event", "api-qos", "api-traffic");

        Map<String, Object> row = Invokers.sql()
                .rows("select version, security_info from security_context where api_invoker_id = ?", i.id())
                .get(0);
        assertThat(row.get("version")).isEqualTo(1L);
        assertThat((String) row.get("security_info")).contains("\"selSecurityMethod\":\"PKI\"");

        SecurityEvent event = Problems.securityEvent(i.id(), 1);
        assertThat(event.type()).isEqualTo(SecurityEventType.SECURITY_CONTEXT_CREATED);
        assertThat(event.authorized())
                .containsExactly(
                        new AuthorizedApi("aef-demo", "api-monitoring-event", "monitoring-event", "PKI"),
                        new AuthorizedApi("aef-demo", "api-qos", "as-session-with-qos", "OAUTH"),
                        new AuthorizedApi("aef-two", "api-traffic", "traffic-influence", "OAUTH"));
        assertThat(event.revocations()).isEmpty();
    }

    @Test
    void putWhenContextExistsThenReplacedAndDroppedApiRevoked() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS, Invokers.MONITORING);
        api.put(i.credential(), i.id(), SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", null, "OAUTH")));

        Response r = api.put(
                i.credential(), i.id(), SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", "api-qos", "OAUTH")));

        assertThat(r.statusCode()).isEqualTo(201);
        SecurityEvent event = Problems.securityEvent(i.id(), 2);
        assertThat(event.type()).isEqualTo(SecurityEventType.SECURITY_CONTEXT_UPDATED);
        assertThat(event.authorized()).extracting(AuthorizedApi::apiId).containsExactly("api-qos");
        assertThat(event.revocations()).singleElement().satisfies(rev -> {
            assertThat(rev.aefId()).isEqualTo("aef-demo");
            assertThat(rev.apiName()).isEqualTo("monitoring-event");
        });
    }

    @Test
    void putWhenOnlyPskPreferredThenBadRequestExplainingWhy() {
        Invokers.Invoker i = Invokers.onboard(Invokers.MONITORING);
        Response r = new SecurityApi(base)
                .put(
                        i.credential(),
                        i.id(),
                        SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", "api-monitoring-event", "PSK")));
        assertProblem(r, 400, "SECURITY_METHOD_NOT_SUPPORTED", "/securityInfo/0/prefSecurityMethods");
        assertThat(r.jsonPath().getString("detail")).contains("TLS 1.3");
    }

    @Test
    void putWhenAefDoesNotSupportPreferredMethodThenBadRequest() {
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS);
        assertProblem(
                new SecurityApi(base)
                        .put(
                                i.credential(),
                                i.id(),
                                SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", "api-qos", "PKI"))),
                400,
                "SECURITY_METHOD_NOT_SUPPORTED");
    }

    @Test
    void putWhenApiNotSubscribedThenForbiddenNamingTheEntry() {
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS);
        assertProblem(
                new SecurityApi(base)
                        .put(
                                i.credential(),
                                i.id(),
                                SecurityApi.serviceSecurity(
                                        SecurityApi.entry("aef-demo", "api-qos", "OAUTH"),
                                        SecurityApi.entry("aef-two", "api-traffic", "OAUTH"))),
                403,
                "API_NOT_SUBSCRIBED",
                "/securityInfo/1");
        assertThat(Invokers.sql().count("select count(*) from security_context where api_invoker_id = ?", i.id()))
                .isZero();
    }

    @Test
    void putWhenBodyInvalidThenBadRequestNamingEveryField() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS);
        assertProblem(
                api.put(i.credential(), i.id(), Map.of("securityInfo", List.of())),
                400,
                "MANDATORY_IE_MISSING",
                "/notificationDestination");
        assertProblem(
                api.put(
                        i.credential(),
                        i.id(),
                        Map.of("notificationDestination", "https://x.example", "securityInfo", List.of())),
                400,
                "MANDATORY_IE_INCORRECT",
                "/securityInfo");
        assertProblem(
                api.put(
                        i.credential(),
                        i.id(),
                        Map.of(
                                "notificationDestination",
                                "https://x.example",
                                "securityInfo",
                                List.of(Map.of(
                                        "aefId",
                                        "aef-demo",
                                        "interfaceDetails",
                                        Map.of("fqdn", "a.example"),
                                        "prefSecurityMethods",
                                        List.of("OAUTH"))))),
                400,
                "MANDATORY_IE_INCORRECT",
                "/securityInfo/0");
        assertProblem(
                api.put(
                        i.credential(),
                        i.id(),
                        Map.of(
                                "notificationDestination",
                                "https://x.example",
                                "securityInfo",
                                List.of(Map.of("aefId", "aef-demo")))),
                400,
                "MANDATORY_IE_MISSING",
                "/securityInfo/0/prefSecurityMethods");
        java.util.List<Object> nullMethod = new java.util.ArrayList<>();
        nullMethod.add(null);
        assertProblem(
                api.put(
                        i.credential(),
                        i.id(),
                        Map.of(
                                "notificationDestination",
                                "https://x.example",
                                "securityInfo",
                                List.of(Map.of("aefId", "aef-demo", "prefSecurityMethods", nullMethod)))),
                400,
                "MANDATORY_IE_INCORRECT",
                "/securityInfo/0/prefSecurityMethods");
        assertProblem(
                api.put(i.credential(), i.id(), Map.of("notificationDestination", 7, "securityInfo", List.of())),
                400,
                "INVALID_JSON",
                "/notificationDestination");
    }

    @Test
    void putWhenCallerIsNotTheInvokerItselfThenForbiddenOrUnauthorized() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker a = Invokers.onboard(Invokers.QOS);
        Invokers.Invoker b = Invokers.onboard(Invokers.QOS);
        Object body = SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", "api-qos", "OAUTH"));
        assertProblem(api.put(a.credential(), b.id(), body), 403, "RESOURCE_NOT_OWNED");
        Credential aef = org.capif.authz.Aefs.registered("aef-demo");
        assertProblem(api.put(aef, a.id(), body), 403, "ROLE_NOT_ALLOWED");
        Credential lookalike = CapifTestResource.pki().client(CapifIdentity.invoker(a.id()));
        assertProblem(api.put(lookalike, a.id(), body), 401, "CLIENT_CERTIFICATE_INVALID");
        Credential stranger = CapifTestResource.pki().client(CapifIdentity.invoker("not-onboarded"));
        assertProblem(api.put(stranger, "not-onboarded", body), 403, "API_INVOKER_NOT_FOUND");
        Invokers.offboard(b);
        assertProblem(api.put(b.credential(), b.id(), body), 403, "API_INVOKER_NOT_FOUND");
    }

    @Test
    void putWhenSentBeforeTheOnboardingEventArrivedThenWaitsForItAndSucceeds() throws Exception {
        String id = "inv-" + java.util.UUID.randomUUID();
        Credential credential = CapifTestResource.pki().client(CapifIdentity.invoker(id));
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(700);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Invokers.publish(Invokers.event(
                    id,
                    1,
                    org.capif.common.event.InvokerEventType.API_INVOKER_ONBOARDED,
                    org.capif.common.event.InvokerStatus.ACTIVE,
                    credential,
                    List.of(Invokers.QOS)));
        });
        late.start();
        long start = System.nanoTime();
        Response r = new SecurityApi(base)
                .put(credential, id, SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", "api-qos", "OAUTH")));
        late.join();
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
                .isGreaterThan(java.time.Duration.ofMillis(600));
    }

    @Test
    void getWhenAefAsksThenOnlyItsEntriesAndInfoOnlyWhenFlagged() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS, Invokers.TRAFFIC);
        api.put(
                i.credential(),
                i.id(),
                SecurityApi.serviceSecurity(
                        SecurityApi.entry("aef-demo", "api-qos", "OAUTH"),
                        SecurityApi.entry("aef-two", "api-traffic", "PKI")));
        Credential aefTwo = org.capif.authz.Aefs.registered("aef-two");

        Response plain = api.get(aefTwo, i.id(), false, false);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.jsonPath().getList("securityInfo.aefId")).containsExactly("aef-two");
        assertThat(plain.asString()).doesNotContain("authenticationInfo").doesNotContain("authorizationInfo");

        Response full = api.get(aefTwo, i.id(), true, true);
        assertThat(full.jsonPath().getString("securityInfo[0].authenticationInfo"))
                .isEqualTo("x5t#S256:" + i.credential().thumbprint());
        assertThat(full.jsonPath().getString("securityInfo[0].authorizationInfo"))
                .isEqualTo("3gpp#aef-two:traffic-influence");

        Response self = api.get(i.credential(), i.id(), false, false);
        assertThat(self.jsonPath().getList("securityInfo.aefId")).containsExactly("aef-demo", "aef-two");

        Credential otherAef = org.capif.authz.Aefs.registered("aef-elsewhere");
        assertProblem(api.get(otherAef, i.id(), true, true), 404, "SECURITY_CONTEXT_NOT_FOUND");
        Invokers.Invoker other = Invokers.onboard(Invokers.QOS);
        assertProblem(api.get(other.credential(), i.id(), false, false), 403, "RESOURCE_NOT_OWNED");
    }

    @Test
    void updateWhenContextExistsThenRenegotiatedElseNotFound() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = Invokers.onboard(Invokers.MONITORING);
        Object oauth = SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", "api-monitoring-event", "OAUTH"));
        assertProblem(api.update(i.credential(), i.id(), oauth), 404, "SECURITY_CONTEXT_NOT_FOUND");
        api.put(i.credential(), i.id(), oauth);
        Response r = api.update(
                i.credential(),
                i.id(),
                SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", "api-monitoring-event", "PKI")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("securityInfo[0].selSecurityMethod")).isEqualTo("PKI");
        assertThat(Problems.securityEvent(i.id(), 2).revocations()).hasSize(1);
    }
}
