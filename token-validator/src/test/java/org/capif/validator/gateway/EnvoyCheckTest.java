package org.capif.validator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.capif.common.cert.CapifIdentity;
import org.capif.testing.CapifTestResource;
import org.capif.validator.World;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Envoy's gRPC external authorization, exercised with a real gRPC client built from Envoy's protos: allowed requests
 * get an ok_response for the upstream, refusals the denied_response of their reason, and only the AEF's registered
 * certificate may ask.
 */
@QuarkusTest
class EnvoyCheckTest {

    private static final Map<String, String> QOS = Map.of("aef_id", Gateways.AEF, "api_name", Gateways.QOS);
    private static final String QOS_PATH = "/as-session-with-qos/v1/scs-1/subscriptions";

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private EnvoyClient envoy;
    private World.Invoker invoker;

    @BeforeEach
    void gatewayOfTheAef() {
        envoy = new EnvoyClient(base, Gateways.aef());
        invoker = Gateways.invoker();
    }

    @AfterEach
    void close() {
        envoy.close();
    }

    private CheckResponse check(String method, String path, String token, Map<String, String> context)
            throws Exception {
        EnvoyClient.Outcome o = envoy.check(EnvoyClient.request(
                method, path, token == null ? null : "Bearer " + token, invoker.credential(), context));
        assertThat(o.status()).as(o.message()).isEqualTo(GrpcStatus.OK);
        return o.response();
    }

    private static Map<String, String> headers(Iterable<HeaderValueOption> options) {
        return java.util.stream.StreamSupport.stream(options.spliterator(), false)
                .collect(Collectors.toMap(
                        h -> h.getHeader().getKey(), h -> h.getHeader().getValue()));
    }

    private static void assertDenied(CheckResponse r, int status, String reason, String challenge) {
        assertThat(r.hasDeniedResponse()).as(r.toString()).isTrue();
        assertThat(r.getStatus().getCode()).isEqualTo(status == 401 ? 16 : 7);
        assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(status);
        Map<String, String> h = headers(r.getDeniedResponse().getHeadersList());
        assertThat(h).containsEntry("content-type", "application/problem+json").containsEntry("x-capif-reason", reason);
        if (challenge == null) {
            assertThat(h).doesNotContainKey("www-authenticate");
        } else {
            assertThat(h.get("www-authenticate")).isEqualTo(challenge);
        }
        JsonObject body = new JsonObject(r.getDeniedResponse().getBody());
        assertThat(body.getString("cause")).isEqualTo(reason);
        assertThat(body.getInteger("status")).isEqualTo(status);
    }

    private static String invalidToken(String reason) {
        return "Bearer error=\"invalid_token\", error_description=\"" + reason + "\"";
    }

    private static String insufficientScope(String reason) {
        return "Bearer error=\"insufficient_scope\", error_description=\"" + reason + "\"";
    }

    @Test
    void checkWhenEverythingHoldsThenOkWithTheInvokerForTheUpstreamAndNoToken() throws Exception {
        CheckResponse r = check("GET", QOS_PATH + "?limit=5", Gateways.token(invoker, Gateways.QOS), QOS);
        assertThat(r.hasOkResponse()).as(r.toString()).isTrue();
        assertThat(r.getStatus().getCode()).isZero();
        assertThat(r.getOkResponse().getHeadersList()).singleElement().satisfies(h -> {
            assertThat(h.getHeader().getKey()).isEqualTo("x-capif-api-invoker-id");
            assertThat(h.getHeader().getValue()).isEqualTo(invoker.id());
            assertThat(h.getAppendAction()).isEqualTo(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD);
        });
        assertThat(r.getOkResponse().getHeadersToRemoveList()).containsExactly("authorization");
    }

    @Test
    void checkWhenTheRouteIsACustomOperationOrNamedByApiIdOrByNothingThenOk() throws Exception {
        String token = Gateways.token(invoker, Gateways.QOS, Gateways.MONITORING);
        assertThat(check("POST", "/as-session-with-qos/v1/notify", token, QOS).hasOkResponse())
                .isTrue();
        assertThat(check(
                                "GET",
                                "/monitoring-event/v1/scs-1/subscriptions",
                                token,
                                Map.of("api_id", Gateways.MONITORING_ID))
                        .hasOkResponse())
                .isTrue();
        // no API named (Istio): the one API published at the AEF with this route
        assertThat(check("DELETE", QOS_PATH + "/sub-9", token, Map.of()).hasOkResponse())
                .isTrue();
    }

    @Test
    void checkWhenTheTokenIsMissingOrInvalidThenUnauthorizedInvalidToken() throws Exception {
        assertDenied(check("GET", QOS_PATH, null, QOS), 401, "TOKEN_MISSING", "Bearer");
        assertDenied(check("GET", QOS_PATH, "garbage", QOS), 401, "TOKEN_MALFORMED", invalidToken("TOKEN_MALFORMED"));
        Map<String, Object> expired = Gateways.claims(invoker, Gateways.QOS);
        long now = Instant.now().getEpochSecond();
        expired.put("iat", now - 700);
        expired.put("exp", now - 60);
        assertDenied(
                check("GET", QOS_PATH, World.token(expired), QOS), 401, "TOKEN_EXPIRED", invalidToken("TOKEN_EXPIRED"));
    }

    @Test
    void checkWhenTheCertificateIsNotTheBoundOneThenCertificateMismatch() throws Exception {
        World.Invoker other = Gateways.invoker();
        String othersToken = Gateways.token(other, Gateways.QOS);
        assertDenied(
                check("GET", QOS_PATH, othersToken, QOS),
                401,
                "CERTIFICATE_MISMATCH",
                invalidToken("CERTIFICATE_MISMATCH"));
        EnvoyClient.Outcome none = envoy.check(
                EnvoyClient.request("GET", QOS_PATH, "Bearer " + Gateways.token(invoker, Gateways.QOS), null, QOS));
        assertDenied(none.response(), 401, "CERTIFICATE_MISMATCH", invalidToken("CERTIFICATE_MISMATCH"));
    }

    @Test
    void checkWhenTheRouteIsNotTheTokensThenForbiddenInsufficientScope() throws Exception {
        String monitoringOnly = Gateways.token(invoker, Gateways.MONITORING);
        assertDenied(
                check("GET", QOS_PATH, monitoringOnly, QOS),
                403,
                "API_NOT_IN_SCOPE",
                insufficientScope("API_NOT_IN_SCOPE"));
        String qos = Gateways.token(invoker, Gateways.QOS);
        for (String[] route : new String[][] {
            {"GET", "/as-session-with-qos/v1/scs-1/admin"},
            {"POST", QOS_PATH + "/sub-1"},
            {"GET", "/monitoring-event/v1/scs-1/subscriptions"},
            {"GET", QOS_PATH + "/../../../../monitoring-event/v1/scs-1/subscriptions"},
            {"GET", "/as-session-with-qos/v1/scs-1%2Fx/subscriptions"},
            {"GET", "/as-session-with-qos/v2/scs-1/subscriptions"}
        }) {
            assertDenied(
                    check(route[0], route[1], qos, QOS),
                    403,
                    "ROUTE_NOT_PUBLISHED",
                    insufficientScope("ROUTE_NOT_PUBLISHED"));
        }
        assertDenied(
                check("GET", QOS_PATH, qos, Map.of("api_id", "gw-api-never-published")),
                403,
                "API_NOT_PUBLISHED",
                insufficientScope("API_NOT_PUBLISHED"));
    }

    @Test
    void checkWhenTheTokenIsRevokedThenUnauthorized() throws Exception {
        Map<String, Object> claims = Gateways.claims(invoker, Gateways.QOS);
        String token = World.token(claims);
        assertThat(check("GET", QOS_PATH, token, QOS).hasOkResponse()).isTrue();
        World.revokeToken(
                (String) claims.get("jti"), invoker.id(), Instant.now().plusSeconds(600));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> check("GET", QOS_PATH, token, QOS).hasDeniedResponse());
        assertDenied(check("GET", QOS_PATH, token, QOS), 401, "TOKEN_REVOKED", invalidToken("TOKEN_REVOKED"));
    }

    @Test
    void checkWhenTheCallerIsNotTheRegisteredAefThenTheCallFails() throws Exception {
        CheckRequest request = EnvoyClient.request(
                "GET", QOS_PATH, "Bearer " + Gateways.token(invoker, Gateways.QOS), invoker.credential(), QOS);
        try (EnvoyClient asInvoker = new EnvoyClient(base, invoker.credential())) {
            assertThat(asInvoker.check(request).status()).isEqualTo(GrpcStatus.PERMISSION_DENIED);
        }
        try (EnvoyClient unregistered = new EnvoyClient(base, World.unregisteredAef(Gateways.AEF))) {
            EnvoyClient.Outcome o = unregistered.check(request);
            assertThat(o.status()).isEqualTo(GrpcStatus.UNAUTHENTICATED);
            assertThat(o.message()).startsWith("CLIENT_CERTIFICATE_INVALID");
        }
        EnvoyClient.Outcome otherAef = envoy.check(EnvoyClient.request(
                "GET",
                QOS_PATH,
                "Bearer " + Gateways.token(invoker, Gateways.QOS),
                invoker.credential(),
                Map.of("aef_id", World.AEF, "api_name", Gateways.QOS)));
        assertThat(otherAef.status()).isEqualTo(GrpcStatus.PERMISSION_DENIED);
        assertThat(otherAef.message()).startsWith("RESOURCE_NOT_OWNED");
    }

    @Test
    void checkWhenNoOrAForeignClientCertificateThenNoCall() {
        CheckRequest request = EnvoyClient.request("GET", QOS_PATH, null, null, QOS);
        try (EnvoyClient anonymous = new EnvoyClient(base, null)) {
            assertThatThrownBy(() -> anonymous.check(request)).isInstanceOf(Exception.class);
        }
        try (EnvoyClient foreign =
                new EnvoyClient(base, CapifTestResource.pki().foreignClient(CapifIdentity.aef(Gateways.AEF)))) {
            assertThatThrownBy(() -> foreign.check(request)).isInstanceOf(Exception.class);
        }
    }
}
