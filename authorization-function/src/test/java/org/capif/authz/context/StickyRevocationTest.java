package org.capif.authz.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.capif.authz.Problems.assertProblem;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.capif.authz.Invokers;
import org.capif.authz.Problems;
import org.capif.authz.SecurityApi;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.event.AuthorizedApi;
import org.capif.common.event.SecurityEventType;
import org.capif.testing.CapifTestResource;
import org.capif.testing.pki.Credential;
import org.junit.jupiter.api.Test;

/**
 * A revocation by an AEF (directly, or forwarded by the token validator) or by the operator stands until that AEF or
 * the operator grants again (docs/decisions.md D19). Before, the invoker undid any revocation by PUTting its security
 * context again and asking for a new token: each test names the step that succeeded then.
 */
@QuarkusTest
class StickyRevocationTest {

    private static final String ADMIN = "/capif-admin/v1/revoked-authorizations/";

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private final Credential aefDemo = org.capif.authz.Aefs.registered("aef-demo");
    private final Credential aefTwo = org.capif.authz.Aefs.registered("aef-two");
    private final Credential operator = CapifTestResource.pki().client(new CapifIdentity(CapifRole.OPERATOR, "ops"));
    private final Credential validator =
            CapifTestResource.pki().client(new CapifIdentity(CapifRole.SERVICE, "token-validator"));

    private static Map<String, Object> both() {
        return SecurityApi.serviceSecurity(
                SecurityApi.entry("aef-demo", null, "OAUTH"), SecurityApi.entry("aef-two", "api-traffic", "OAUTH"));
    }

    private Invokers.Invoker withContext(SecurityApi api) {
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS, Invokers.MONITORING, Invokers.TRAFFIC);
        assertThat(api.put(i.credential(), i.id(), both()).statusCode()).isEqualTo(201);
        return i;
    }

    private static Map<String, Object> revocation(String invoker, String aefId, String... apiIds) {
        Map<String, Object> body = new HashMap<>();
        body.put("apiInvokerId", invoker);
        if (aefId != null) {
            body.put("aefId", aefId);
        }
        body.put("apiIds", List.of(apiIds));
        body.put("cause", "OVERLIMIT_USAGE");
        return body;
    }

    private Response grant(SecurityApi api, Credential who, String invoker, String aefId, String... apiIds) {
        Map<String, Object> body = new HashMap<>();
        if (aefId != null) {
            body.put("aefId", aefId);
        }
        body.put("apiIds", List.of(apiIds));
        return api.spec(who).contentType(ContentType.JSON).body(body).post(ADMIN + invoker + "/grant");
    }

    private long version(String invoker) {
        return (Long) Invokers.sql()
                .rows("select version from security_context where api_invoker_id = ?", invoker)
                .get(0)
                .get("version");
    }

    private static void assertRevoked(Response r) {
        assertProblem(r, 403, "AUTHORIZATION_REVOKED");
    }

    @Test
    void putWhenAefRevokedAnApiThenTheInvokerCannotNegotiateItBack() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = withContext(api);
        assertThat(api.revoke(aefDemo, i.id(), revocation(i.id(), null, "api-qos"))
                        .statusCode())
                .isEqualTo(204);
        long version = version(i.id());

        // before: 201, and a token for the API a moment later
        Response explicit = api.put(
                i.credential(), i.id(), SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", "api-qos", "OAUTH")));
        assertRevoked(explicit);
        assertThat(explicit.jsonPath().getList("invalidParams.param")).containsExactly("/securityInfo/0/apiId");
        assertThat(explicit.jsonPath().getString("invalidParams[0].reason")).contains("aef:aef-demo");
        assertRevoked(api.update(
                i.credential(),
                i.id(),
                SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", "api-qos", "OAUTH"))));
        assertThat(version(i.id())).isEqualTo(version);

        // every API of the AEF: the revoked one is left out
        Response all = api.put(i.credential(), i.id(), both());
        assertThat(all.statusCode()).isEqualTo(201);
        assertThat(all.jsonPath().getList("securityInfo.apiId"))
                .containsExactlyInAnyOrder("api-monitoring-event", "api-traffic");

        Response token = api.token(i.credential(), i.id(), "3gpp#aef-demo:as-session-with-qos");
        assertThat(token.statusCode()).isEqualTo(400);
        assertThat(token.jsonPath().getString("error")).isEqualTo("invalid_scope");
        assertThat(token.jsonPath().getString("error_description"))
                .startsWith("AUTHORIZATION_REVOKED: ")
                .contains("api-qos", "aef-demo");
        assertThat(api.token(i.credential(), i.id(), (String) null).jsonPath().getString("scope"))
                .isEqualTo("3gpp#aef-demo:monitoring-event;aef-two:traffic-influence");
    }

    @Test
    void grantWhenTheRevokingAefGrantsAgainThenTheInvokerMayNegotiateItAgain() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = withContext(api);
        api.revoke(aefDemo, i.id(), revocation(i.id(), null, "api-qos"));
        long version = version(i.id());

        assertProblem(grant(api, i.credential(), i.id(), null, "api-qos"), 403, "ROLE_NOT_ALLOWED");
        assertProblem(grant(api, aefTwo, i.id(), "aef-demo", "api-qos"), 403, "RESOURCE_NOT_OWNED");
        assertThat(grant(api, aefTwo, i.id(), null, "api-qos").statusCode()).isEqualTo(204);
        assertThat(version(i.id())).isEqualTo(version);
        Response listed = api.spec(aefDemo).get(ADMIN + i.id());
        assertThat(listed.jsonPath().getList("revokedAuthorizations.apiId")).containsExactly("api-qos");
        assertThat(api.spec(aefTwo).get(ADMIN + i.id()).jsonPath().getList("revokedAuthorizations"))
                .isEmpty();

        assertThat(grant(api, aefDemo, i.id(), null, "api-qos").statusCode()).isEqualTo(204);
        assertThat(Problems.securityEvent(i.id(), version + 1).type())
                .isEqualTo(SecurityEventType.SECURITY_CONTEXT_UPDATED);
        assertThat(api.spec(operator).get(ADMIN + i.id()).jsonPath().getList("revokedAuthorizations"))
                .isEmpty();
        assertThat(api.put(i.credential(), i.id(), both()).jsonPath().getList("securityInfo.apiId"))
                .contains("api-qos");
        assertThat(api.token(i.credential(), i.id(), "3gpp#aef-demo:as-session-with-qos")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void grantWhenTheOperatorRevokedThenOnlyTheOperatorGrantsAgain() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = withContext(api);
        // at every AEF that has the API
        assertThat(api.revoke(operator, i.id(), revocation(i.id(), null, "api-traffic"))
                        .statusCode())
                .isEqualTo(204);
        // an AEF's later revocation of the same API does not weaken the operator's
        assertThat(api.revoke(aefTwo, i.id(), revocation(i.id(), null, "api-traffic"))
                        .statusCode())
                .isEqualTo(204);
        assertProblem(grant(api, aefTwo, i.id(), null, "api-traffic"), 403, "ROLE_NOT_ALLOWED");
        assertRevoked(api.put(i.credential(), i.id(), both()));

        assertThat(grant(api, operator, i.id(), null, "api-traffic").statusCode())
                .isEqualTo(204);
        Response again = api.put(i.credential(), i.id(), both());
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.jsonPath().getList("securityInfo.apiId")).contains("api-traffic");
    }

    @Test
    void revokeWhenForwardedByTheValidatorThenItIsTheAefsAndStandsUntilThatAefGrants() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = withContext(api);
        assertThat(api.revoke(validator, i.id(), revocation(i.id(), "aef-two", "api-traffic"))
                        .statusCode())
                .isEqualTo(204);
        Response listed = api.spec(operator).get(ADMIN + i.id());
        assertThat(listed.jsonPath().getString("revokedAuthorizations[0].revokedBy"))
                .isEqualTo("aef:aef-two through service:token-validator");
        Response token = api.token(i.credential(), i.id(), "3gpp#aef-two:traffic-influence");
        assertThat(token.jsonPath().getString("error_description")).startsWith("AUTHORIZATION_REVOKED: ");
        assertRevoked(api.put(i.credential(), i.id(), both()));
        assertThat(grant(api, aefTwo, i.id(), null, "api-traffic").statusCode()).isEqualTo(204);
        assertThat(api.put(i.credential(), i.id(), both()).statusCode()).isEqualTo(201);
    }

    @Test
    void revokeWhenTheInvokerHasNoContextYetThenTheRevocationStillStands() {
        // before: 404 (nothing to revoke), and the invoker then created a context with the API
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS, Invokers.MONITORING);
        Response r = api.revoke(aefDemo, i.id(), revocation(i.id(), null, "api-qos"));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(204);
        Response put = api.put(
                i.credential(), i.id(), SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", null, "OAUTH")));
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(put.jsonPath().getList("securityInfo.apiId")).containsExactly("api-monitoring-event");
        assertThat(Problems.securityEvent(i.id(), 2).authorized())
                .extracting(AuthorizedApi::apiId)
                .containsExactly("api-monitoring-event");
        // the invoker's every API of that AEF revoked: refused, not an empty context
        api.revoke(aefDemo, i.id(), revocation(i.id(), null, "api-monitoring-event"));
        assertRevoked(api.put(
                i.credential(), i.id(), SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", null, "OAUTH"))));
        Response token = api.token(i.credential(), i.id(), (String) null);
        assertThat(token.jsonPath().getString("error_description")).startsWith("AUTHORIZATION_REVOKED: ");
    }

    @Test
    void revokeOrGrantWhenInvokerUnknownOrBodyInvalidThenRefusedWithoutStoring() {
        SecurityApi api = new SecurityApi(base);
        assertProblem(
                api.revoke(aefDemo, "inv-nobody", revocation("inv-nobody", null, "api-qos")),
                404,
                "API_INVOKER_NOT_FOUND");
        assertProblem(grant(api, operator, "inv-nobody", null, "api-qos"), 404, "API_INVOKER_NOT_FOUND");
        assertThat(Invokers.sql().rows("select 1 from security_context where api_invoker_id = ?", "inv-nobody"))
                .isEmpty();
        Invokers.Invoker i = withContext(api);
        assertProblem(
                api.revoke(aefDemo, i.id(), revocation(i.id(), null, "api qos!")),
                400,
                "MANDATORY_IE_INCORRECT",
                "/apiIds/0");
        assertProblem(grant(api, operator, i.id(), null), 400, "MANDATORY_IE_MISSING", "/apiIds");
        assertProblem(grant(api, operator, i.id(), "not an aef", "api-qos"), 400, "MANDATORY_IE_INCORRECT", "/aefId");
    }
}
