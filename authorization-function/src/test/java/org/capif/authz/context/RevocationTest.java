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
import org.capif.common.cert.CapifRole;
import org.capif.common.event.AuthorizedApi;
import org.capif.common.event.Revocation;
import org.capif.common.event.SecurityEvent;
import org.capif.common.event.SecurityEventType;
import org.capif.testing.CapifTestResource;
import org.capif.testing.pki.Credential;
import org.junit.jupiter.api.Test;

/** Deleting contexts and revoking authorization (TS 29.222 §5.6.2.4 Revoke_Authorization), by AEFs and operators. */
@QuarkusTest
class RevocationTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private final Credential aefDemo = org.capif.authz.Aefs.registered("aef-demo");
    private final Credential aefTwo = org.capif.authz.Aefs.registered("aef-two");

    private Invokers.Invoker withContext(SecurityApi api) {
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS, Invokers.MONITORING, Invokers.TRAFFIC);
        assertThat(api.put(
                                i.credential(),
                                i.id(),
                                SecurityApi.serviceSecurity(
                                        SecurityApi.entry("aef-demo", null, "OAUTH"),
                                        SecurityApi.entry("aef-two", "api-traffic", "OAUTH")))
                        .statusCode())
                .isEqualTo(201);
        return i;
    }

    @Test
    void deleteWhenAefThenOnlyItsEntriesGoneRevokedAndTokensForThemRefused() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = withContext(api);

        Response r = api.delete(aefDemo, i.id());

        assertThat(r.statusCode()).isEqualTo(204);
        SecurityEvent event = Problems.securityEvent(i.id(), 2);
        assertThat(event.type()).isEqualTo(SecurityEventType.SECURITY_CONTEXT_DELETED);
        assertThat(event.authorized()).extracting(AuthorizedApi::aefId).containsOnly("aef-two");
        assertThat(event.revocations())
                .extracting(Revocation::apiName)
                .containsExactlyInAnyOrder("as-session-with-qos", "monitoring-event");
        assertThat(api.token(i.credential(), i.id(), "3gpp#aef-demo:as-session-with-qos")
                        .jsonPath()
                        .getString("error"))
                .isEqualTo("invalid_scope");
        assertThat(api.token(i.credential(), i.id(), "3gpp#aef-two:traffic-influence")
                        .statusCode())
                .isEqualTo(200);
        assertProblem(api.delete(aefDemo, i.id()), 404, "SECURITY_CONTEXT_NOT_FOUND");
    }

    @Test
    void deleteWhenOperatorThenWholeContextGoneAndTokensRefused() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = withContext(api);
        Credential operator = CapifTestResource.pki().client(new CapifIdentity(CapifRole.OPERATOR, "ops"));
        assertThat(api.delete(operator, i.id()).statusCode()).isEqualTo(204);
        assertThat(api.token(i.credential(), i.id(), (String) null).jsonPath().getString("error"))
                .isEqualTo("invalid_grant");
        assertProblem(api.get(operator, i.id(), false, false), 404, "SECURITY_CONTEXT_NOT_FOUND");
    }

    @Test
    void deleteWhenInvokerOrUnconcernedAefThenRefused() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = withContext(api);
        assertProblem(api.delete(i.credential(), i.id()), 403, "ROLE_NOT_ALLOWED");
        Credential elsewhere = org.capif.authz.Aefs.registered("aef-elsewhere");
        assertProblem(api.delete(elsewhere, i.id()), 404, "SECURITY_CONTEXT_NOT_FOUND");
        assertThat(Invokers.sql()
                        .rows("select version from security_context where api_invoker_id = ?", i.id())
                        .get(0))
                .containsEntry("version", 1L);
    }

    @Test
    void revokeWhenAefNotifiesThenApisRevokedWithCauseAndRestKept() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = withContext(api);

        Response r = api.revoke(
                aefDemo,
                i.id(),
                Map.of("apiInvokerId", i.id(), "apiIds", List.of("api-qos"), "cause", "OVERLIMIT_USAGE"));

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(204);
        SecurityEvent event = Problems.securityEvent(i.id(), 2);
        assertThat(event.type()).isEqualTo(SecurityEventType.API_INVOKER_AUTHORIZATION_REVOKED);
        assertThat(event.authorized())
                .extracting(AuthorizedApi::apiId)
                .containsExactlyInAnyOrder("api-monitoring-event", "api-traffic");
        assertThat(event.revocations()).singleElement().satisfies(rev -> {
            assertThat(rev.apiName()).isEqualTo("as-session-with-qos");
            assertThat(rev.cause()).isEqualTo("OVERLIMIT_USAGE");
        });
        // what event management needs to tell the invoker (SecurityNotification to the context's destination)
        assertThat(event.notificationDestination()).isEqualTo("https://invoker.example.com/security");
        assertThat(event.revoked()).singleElement().satisfies(rev -> {
            assertThat(rev.apiId()).isEqualTo("api-qos");
            assertThat(rev.aefId()).isNotBlank();
            assertThat(rev.cause()).isEqualTo("OVERLIMIT_USAGE");
        });
        assertThat(api.token(i.credential(), i.id(), "3gpp#aef-demo:monitoring-event")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void revokeWhenServiceForwardsForAnAefThenOnlyThatAefRevokedAndAefIdRequired() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = withContext(api);
        Credential validator = CapifTestResource.pki().client(new CapifIdentity(CapifRole.SERVICE, "token-validator"));
        Credential otherService = CapifTestResource.pki().client(new CapifIdentity(CapifRole.SERVICE, "reporting"));
        assertProblem(
                api.revoke(
                        otherService,
                        i.id(),
                        Map.of(
                                "apiInvokerId",
                                i.id(),
                                "aefId",
                                "aef-two",
                                "apiIds",
                                List.of("api-traffic"),
                                "cause",
                                "OVERLIMIT_USAGE")),
                403,
                "ROLE_NOT_ALLOWED");
        assertProblem(
                api.revoke(
                        validator,
                        i.id(),
                        Map.of("apiInvokerId", i.id(), "apiIds", List.of("api-traffic"), "cause", "OVERLIMIT_USAGE")),
                400,
                "MANDATORY_IE_MISSING",
                "/aefId");

        Response r = api.revoke(
                validator,
                i.id(),
                Map.of(
                        "apiInvokerId",
                        i.id(),
                        "aefId",
                        "aef-two",
                        "apiIds",
                        List.of("api-traffic", "api-qos"),
                        "cause",
                        "OVERLIMIT_USAGE"));

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(204);
        SecurityEvent event = Problems.securityEvent(i.id(), 2);
        assertThat(event.authorized())
                .extracting(AuthorizedApi::apiId)
                .containsExactlyInAnyOrder("api-qos", "api-monitoring-event");
        assertThat(event.revocations()).singleElement().satisfies(rev -> {
            assertThat(rev.aefId()).isEqualTo("aef-two");
            assertThat(rev.apiName()).isEqualTo("traffic-influence");
        });
    }

    @Test
    void revokeWhenAefNamesAnotherAefThenForbidden() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = withContext(api);
        assertProblem(
                api.revoke(
                        aefTwo,
                        i.id(),
                        Map.of(
                                "apiInvokerId",
                                i.id(),
                                "aefId",
                                "aef-demo",
                                "apiIds",
                                List.of("api-qos"),
                                "cause",
                                "UNEXPECTED_REASON")),
                403,
                "RESOURCE_NOT_OWNED");
    }

    @Test
    void revokeWhenBodyInvalidThenBadRequest() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = withContext(api);
        assertProblem(
                api.revoke(aefDemo, i.id(), Map.of("apiInvokerId", i.id())), 400, "MANDATORY_IE_MISSING", "/apiIds");
        assertProblem(
                api.revoke(
                        aefDemo,
                        i.id(),
                        Map.of(
                                "apiInvokerId",
                                "someone-else",
                                "apiIds",
                                List.of("api-qos"),
                                "cause",
                                "UNEXPECTED_REASON")),
                400,
                "MANDATORY_IE_INCORRECT");
    }
}
