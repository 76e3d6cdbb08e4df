package org.capif.validator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.capif.common.cert.CapifIdentity;
import org.capif.testing.CapifTestResource;
import org.capif.testing.pki.Credential;
import org.capif.validator.World;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real NGINX with the example site of deploy/gateway in front of an AEF service that has no CAPIF code: invokers
 * connect with mutual TLS, NGINX asks the validator (auth_request) about every request, allowed ones reach the backend
 * with the invoker id and without the token, refused ones get the validator's status and reason and never reach it.
 */
@QuarkusTest
class NginxGatewayTest {

    private static final String QOS_PATH = "/as-session-with-qos/v1/scs-1/subscriptions";

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private static Backend backend;
    private static Nginx nginx;

    @BeforeAll
    static void gateway() throws Exception {
        backend = new Backend();
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
        backend.close();
    }

    private Nginx nginx() throws Exception {
        if (nginx == null) {
            nginx = Nginx.start(Gateways.aef(), "127.0.0.1:" + base.getPort(), backend.url());
        }
        return nginx;
    }

    private HttpResponse<String> call(Credential invoker, String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + nginx().port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpClient client = World.httpClient(invoker);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertRefused(HttpResponse<String> r, int status, String reason, String challenge) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(new JsonObject(r.body()).getString("cause")).isEqualTo(reason);
        assertThat(r.headers().firstValue("www-authenticate").orElse(null)).isEqualTo(challenge);
    }

    @Test
    void invokeWhenAllowedThenTheBackendServesItWithTheInvokerAndWithoutTheToken() throws Exception {
        World.Invoker i = Gateways.invoker();
        HttpResponse<String> r = call(i.credential(), "GET", QOS_PATH + "?limit=5", Gateways.token(i, Gateways.QOS));
        assertThat(r.statusCode()).as(r.body() + nginx().log()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"served\":true}");
        Backend.Seen seen = backend.seen().stream()
                .filter(s -> i.id().equals(s.header("X-Capif-Api-Invoker-Id")))
                .findFirst()
                .orElseThrow();
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.uri()).isEqualTo(QOS_PATH + "?limit=5");
        assertThat(seen.header("Authorization")).isNull();
    }

    @Test
    void invokeWhenRefusedThenTheValidatorsStatusAndReasonAndTheBackendNeverSeesIt() throws Exception {
        World.Invoker i = Gateways.invoker();
        World.Invoker other = Gateways.invoker();
        int before = backend.seen().size();
        String qos = Gateways.token(i, Gateways.QOS);
        String monitoringOnly = Gateways.token(i, Gateways.MONITORING);
        Map<String, Object> expired = Gateways.claims(i, Gateways.QOS);
        long now = Instant.now().getEpochSecond();
        expired.put("iat", now - 700);
        expired.put("exp", now - 60);

        assertRefused(call(i.credential(), "GET", QOS_PATH, null), 401, "TOKEN_MISSING", "Bearer");
        assertRefused(
                call(i.credential(), "GET", QOS_PATH, monitoringOnly),
                403,
                "API_NOT_IN_SCOPE",
                "Bearer error=\"insufficient_scope\", error_description=\"API_NOT_IN_SCOPE\"");
        // a path of the other API, reached through this API's location by traversal: NGINX routes the normalised
        // path, the validator checks the raw one
        assertRefused(
                call(
                        i.credential(),
                        "GET",
                        "/monitoring-event/v1/../../as-session-with-qos/v1/x/subscriptions",
                        monitoringOnly),
                403,
                "API_NOT_IN_SCOPE",
                "Bearer error=\"insufficient_scope\", error_description=\"API_NOT_IN_SCOPE\"");
        assertRefused(
                call(i.credential(), "GET", "/as-session-with-qos/v1/scs-1/admin", qos),
                403,
                "ROUTE_NOT_PUBLISHED",
                "Bearer error=\"insufficient_scope\", error_description=\"ROUTE_NOT_PUBLISHED\"");
        assertRefused(
                call(i.credential(), "GET", QOS_PATH, World.token(expired)),
                401,
                "TOKEN_EXPIRED",
                "Bearer error=\"invalid_token\", error_description=\"TOKEN_EXPIRED\"");
        assertRefused(
                call(other.credential(), "GET", QOS_PATH, qos),
                401,
                "CERTIFICATE_MISMATCH",
                "Bearer error=\"invalid_token\", error_description=\"CERTIFICATE_MISMATCH\"");
        assertThat(backend.seen()).hasSize(before);
    }

    @Test
    void invokeWhenTheTokenIsRevokedThenRefusedFromThen() throws Exception {
        World.Invoker i = Gateways.invoker();
        Map<String, Object> claims = Gateways.claims(i, Gateways.QOS);
        String token = World.token(claims);
        assertThat(call(i.credential(), "GET", QOS_PATH, token).statusCode()).isEqualTo(200);
        World.revokeToken((String) claims.get("jti"), i.id(), Instant.now().plusSeconds(600));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> call(i.credential(), "GET", QOS_PATH, token).statusCode() == 401);
        int before = backend.seen().size();
        assertRefused(
                call(i.credential(), "GET", QOS_PATH, token),
                401,
                "TOKEN_REVOKED",
                "Bearer error=\"invalid_token\", error_description=\"TOKEN_REVOKED\"");
        assertThat(backend.seen()).hasSize(before);
    }

    @Test
    void invokeWhenTheCertificateIsForeignThenNginxRefusesBeforeAnyDecision() throws Exception {
        World.Invoker i = Gateways.invoker();
        Credential foreign = CapifTestResource.pki().foreignClient(CapifIdentity.invoker(i.id()));
        int before = backend.seen().size();
        try {
            HttpResponse<String> r = call(foreign, "GET", QOS_PATH, Gateways.token(i, Gateways.QOS));
            assertThat(r.statusCode()).isEqualTo(400);
        } catch (IOException handshakeRefused) {
            // equally a refusal
        }
        assertThat(backend.seen()).hasSize(before);
    }

    @Test
    void invokeWhenTheValidatorCannotBeReachedThenNginxFailsClosedWith500() throws Exception {
        World.Invoker i = Gateways.invoker();
        int before = backend.seen().size();
        try (Nginx orphan = Nginx.start(Gateways.aef(), "127.0.0.1:" + Nginx.freePort(), backend.url())) {
            HttpResponse<String> r = World.httpClient(i.credential())
                    .send(
                            HttpRequest.newBuilder(URI.create("https://localhost:" + orphan.port() + QOS_PATH))
                                    .header("Authorization", "Bearer " + Gateways.token(i, Gateways.QOS))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(new JsonObject(r.body()).getString("cause")).isEqualTo("SYSTEM_FAILURE");
        }
        assertThat(backend.seen()).hasSize(before);
        assertThatThrownBy(() -> Nginx.render(Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
