package org.capif.authz.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URL;
import java.util.Map;
import org.capif.authz.Invokers;
import org.capif.authz.SecurityApi;
import org.capif.common.cert.CapifIdentity;
import org.capif.testing.CapifTestResource;
import org.capif.testing.http.Https;
import org.capif.testing.pki.Credential;
import org.junit.jupiter.api.Test;

/** Every refusal of the token endpoint: the RFC 6749 §5.2 error code, the status, and no-store. */
@QuarkusTest
class TokenErrorsTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private static void assertTokenError(Response r, int status, String error) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.jsonPath().getString("error")).isEqualTo(error);
        assertThat(r.jsonPath().getString("error_description")).isNotBlank();
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.jsonPath().getString("access_token")).isNull();
    }

    /** An onboarded invoker with a context selecting OAUTH for QOS and PKI for MONITORING. */
    private Invokers.Invoker ready(SecurityApi api) {
        Invokers.Invoker invoker = Invokers.onboard(Invokers.QOS, Invokers.MONITORING, Invokers.TRAFFIC);
        Response put = api.put(
                invoker.credential(),
                invoker.id(),
                SecurityApi.serviceSecurity(
                        SecurityApi.entry("aef-demo", "api-qos", "OAUTH"),
                        SecurityApi.entry("aef-demo", "api-monitoring-event", "PKI", "OAUTH")));
        assertThat(put.statusCode()).isEqualTo(201);
        return invoker;
    }

    @Test
    void tokenWhenGrantTypeMissingOrClientIdMissingOrRepeatedThenInvalidRequest() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = ready(api);
        assertTokenError(api.token(i.credential(), i.id(), "client_id", i.id()), 400, "invalid_request");
        assertTokenError(api.token(i.credential(), i.id(), "grant_type", "client_credentials"), 400, "invalid_request");
        assertTokenError(
                api.token(
                        i.credential(),
                        i.id(),
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        i.id(),
                        "scope",
                        "3gpp#aef-demo:as-session-with-qos",
                        "scope",
                        "3gpp#aef-demo:monitoring-event"),
                400,
                "invalid_request");
    }

    @Test
    void tokenWhenGrantTypeIsNotClientCredentialsThenUnsupportedGrantType() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = ready(api);
        assertTokenError(
                api.token(i.credential(), i.id(), "grant_type", "password", "client_id", i.id()),
                400,
                "unsupported_grant_type");
    }

    @Test
    void tokenWhenClientIdOrSecurityIdIsAnotherInvokerThenInvalidClient() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker a = ready(api);
        Invokers.Invoker b = ready(api);
        assertTokenError(
                api.token(a.credential(), a.id(), "grant_type", "client_credentials", "client_id", b.id()),
                401,
                "invalid_client");
        assertTokenError(
                api.token(a.credential(), b.id(), "grant_type", "client_credentials", "client_id", b.id()),
                401,
                "invalid_client");
        assertTokenError(
                api.token(a.credential(), b.id(), "grant_type", "client_credentials", "client_id", a.id()),
                401,
                "invalid_client");
    }

    @Test
    void tokenWhenCertificateIsAnAefsThenInvalidClient() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = ready(api);
        Credential aef = org.capif.authz.Aefs.registered(i.id());
        assertTokenError(api.token(aef, i.id(), (String) null), 401, "invalid_client");
    }

    @Test
    void tokenWhenInvokerNeverOnboardedThenInvalidClient() {
        Credential stranger = CapifTestResource.pki().client(CapifIdentity.invoker("never-onboarded"));
        assertTokenError(
                new SecurityApi(base).token(stranger, "never-onboarded", (String) null), 401, "invalid_client");
    }

    @Test
    void tokenWhenInvokerOffboardedThenInvalidClient() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = ready(api);
        assertThat(api.token(i.credential(), i.id(), (String) null).statusCode())
                .isEqualTo(200);
        Invokers.offboard(i);
        assertTokenError(api.token(i.credential(), i.id(), (String) null), 401, "invalid_client");
    }

    @Test
    void tokenWhenCertificateReplacedByReKeyingThenOldOneIsInvalidClientAndNewOneWorks() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = ready(api);
        Credential renewed = CapifTestResource.pki().client(CapifIdentity.invoker(i.id()));
        Invokers.update(i, renewed, Invokers.QOS, Invokers.MONITORING, Invokers.TRAFFIC);
        assertTokenError(api.token(i.credential(), i.id(), (String) null), 401, "invalid_client");
        assertThat(api.token(renewed, i.id(), (String) null).statusCode()).isEqualTo(200);
    }

    @Test
    void tokenWhenNoSecurityContextThenInvalidGrant() {
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS);
        assertTokenError(new SecurityApi(base).token(i.credential(), i.id(), (String) null), 400, "invalid_grant");
    }

    @Test
    void tokenWhenScopeMalformedThenInvalidScope() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = ready(api);
        for (String scope : new String[] {
            "aef-demo:as-session-with-qos", "3gpp#", "3gpp#aef-demo", "3gpp#aef-demo:", "3gpp#aef demo:x", "openid"
        }) {
            assertTokenError(api.token(i.credential(), i.id(), scope), 400, "invalid_scope");
        }
    }

    @Test
    void tokenWhenScopeNamesUnsubscribedApiThenInvalidScope() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = ready(api);
        assertTokenError(api.token(i.credential(), i.id(), "3gpp#aef-two:location"), 400, "invalid_scope");
        assertTokenError(
                api.token(i.credential(), i.id(), "3gpp#aef-demo:as-session-with-qos;aef-other:as-session-with-qos"),
                400,
                "invalid_scope");
    }

    @Test
    void tokenWhenApiSubscribedButNotInSecurityContextThenInvalidScope() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = ready(api);
        assertTokenError(api.token(i.credential(), i.id(), "3gpp#aef-two:traffic-influence"), 400, "invalid_scope");
    }

    @Test
    void tokenWhenContextSelectedPkiForTheApiThenUnauthorizedClient() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = ready(api);
        assertTokenError(
                api.token(i.credential(), i.id(), "3gpp#aef-demo:monitoring-event"), 400, "unauthorized_client");
    }

    @Test
    void tokenWhenBodyIsJsonThenUnsupportedMediaTypeProblem() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = ready(api);
        Response r = api.spec(i.credential())
                .contentType(ContentType.JSON)
                .body(Map.of("grant_type", "client_credentials", "client_id", i.id()))
                .post(SecurityApi.BASE + "/securities/" + i.id() + "/token");
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("cause")).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void tokenWhenNoClientCertificateThenTlsHandshakeRefused() {
        assertThatThrownBy(() -> Https.anonymous(CapifTestResource.pki(), base)
                        .contentType(ContentType.URLENC)
                        .body("grant_type=client_credentials&client_id=x")
                        .post(SecurityApi.BASE + "/securities/x/token"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void tokenWhenCertificateFromAnotherCaThenTlsHandshakeRefused() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = ready(api);
        Credential foreign = CapifTestResource.pki().foreignClient(CapifIdentity.invoker(i.id()));
        assertThatThrownBy(() -> api.spec(foreign)
                        .contentType(ContentType.URLENC)
                        .body("grant_type=client_credentials&client_id=" + i.id())
                        .post(SecurityApi.BASE + "/securities/" + i.id() + "/token"))
                .isInstanceOf(IOException.class);
    }
}
