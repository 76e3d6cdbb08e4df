package org.capif.validator.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.capif.testing.CapifTestResource;
import org.capif.testing.contract.OpenApiContract;
import org.capif.testing.http.Https;
import org.capif.testing.http.JwksServer;
import org.capif.testing.pki.Credential;
import org.capif.validator.ValidatorTestResources;
import org.capif.validator.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Revocation through real Kafka: a token that was allowed is denied from the moment the event reaches the validator,
 * although it has not expired, also when it was verified and cached before.
 */
@QuarkusTest
class RevocationTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private final Credential aef = World.aef(World.AEF);
    private World.Invoker invoker;
    private String token;

    @BeforeEach
    void allowedToken() {
        invoker = World.onboard();
        token = World.token(World.claims(invoker));
        World.awaitDecision(
                base, aef, token, "as-session-with-qos", invoker.credential().thumbprint(), World.reason("OK"));
    }

    /** The reason of a decision on the test's token for {@code api}. */
    private String reason(String api) {
        return World.decide(base, aef, token, api, invoker.credential().thumbprint())
                .jsonPath()
                .getString("reason");
    }

    /** The AEF's AEF_Security_API revoke-authorization of the invoker's QoS API, at itself. */
    private Response revokeQos(String cause) {
        return Https.as(CapifTestResource.pki(), base, aef)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "revokeInfo",
                        Map.of("apiInvokerId", invoker.id(), "apiIds", List.of("api-qos"), "cause", cause),
                        "supportedFeatures",
                        "0"))
                .post("/aef-security/v1/revoke-authorization");
    }

    private Response awaitReason(String api, String reason) {
        return World.awaitDecision(base, aef, token, api, invoker.credential().thumbprint(), World.reason(reason));
    }

    @Test
    void decideWhenInvokerOffboardedThenInvokerOffboarded() {
        World.offboard(invoker);
        assertThat(awaitReason("as-session-with-qos", "INVOKER_OFFBOARDED")
                        .jsonPath()
                        .getString("decision"))
                .isEqualTo("DENY");
    }

    @Test
    void decideWhenInvokerReKeyedThenTokensForTheOldCertificateDenied() {
        Credential rekeyed = CapifTestResource.pki().client(org.capif.common.cert.CapifIdentity.invoker(invoker.id()));
        World.update(invoker, 2, rekeyed, World.QOS, World.MONITORING);
        assertThat(awaitReason("as-session-with-qos", "CERTIFICATE_REPLACED")
                        .jsonPath()
                        .getString("decision"))
                .isEqualTo("DENY");
        Map<String, Object> claims = World.claims(invoker);
        claims.put("cnf", Map.of("x5t#S256", rekeyed.thumbprint()));
        assertThat(World.decide(base, aef, World.token(claims), "as-session-with-qos", rekeyed.thumbprint())
                        .jsonPath()
                        .getString("reason"))
                .isEqualTo("OK");
    }

    @Test
    void decideWhenSubscriptionDroppedThenThatApiDeniedOtherStillAllowed() {
        World.update(invoker, 2, invoker.credential(), World.MONITORING);
        assertThat(awaitReason("as-session-with-qos", "API_NOT_SUBSCRIBED")
                        .jsonPath()
                        .getString("decision"))
                .isEqualTo("DENY");
        assertThat(World.decide(
                                base,
                                aef,
                                token,
                                "monitoring-event",
                                invoker.credential().thumbprint())
                        .jsonPath()
                        .getString("reason"))
                .isEqualTo("OK");
    }

    @Test
    void decideWhenAuthorizationRevokedForOneApiThenThatApiDeniedOtherStillAllowed() {
        World.revokeContext(invoker, 1, Instant.now(), "as-session-with-qos");
        awaitReason("as-session-with-qos", "AUTHORIZATION_REVOKED");
        assertThat(World.decide(
                                base,
                                aef,
                                token,
                                "monitoring-event",
                                invoker.credential().thumbprint())
                        .jsonPath()
                        .getString("decision"))
                .isEqualTo("ALLOW");
    }

    @Test
    void consumeWhenRecordBreaksTheStateThenSkippedAndLaterEventsStillApplied() {
        // valid JSON of the right version whose null revocation fails inside the state, not in decoding
        String poison = "{\"eventId\":\"" + java.util.UUID.randomUUID()
                + "\",\"type\":\"API_INVOKER_AUTHORIZATION_REVOKED\",\"schemaVersion\":"
                + org.capif.common.event.SecurityEvent.SCHEMA_VERSION
                + ",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"apiInvokerId\":\"" + invoker.id()
                + "\",\"sequence\":1,\"authorized\":[],\"revocations\":[null]}";
        org.capif.testing.kafka.TopicWriter.send(World.bootstrap(), "capif.security-events", invoker.id(), poison);
        World.revokeContext(invoker, 2, Instant.now(), "as-session-with-qos");
        assertThat(awaitReason("as-session-with-qos", "AUTHORIZATION_REVOKED")
                        .jsonPath()
                        .getString("decision"))
                .isEqualTo("DENY");
    }

    @Test
    void decideWhenRevocationPredatesTheTokenThenTokenStillAllowed() {
        World.revokeContext(invoker, 1, Instant.now().minusSeconds(120), "as-session-with-qos");
        World.revokeContext(invoker, 2, Instant.now().minusSeconds(120), "as-session-with-qos", "monitoring-event");
        awaitReason("monitoring-event", "OK");
        assertThat(World.decide(
                                base,
                                aef,
                                token,
                                "as-session-with-qos",
                                invoker.credential().thumbprint())
                        .jsonPath()
                        .getString("decision"))
                .isEqualTo("ALLOW");
    }

    @Test
    void decideWhenTokenRevokedThenTokenRevokedAndOtherTokensUnaffected() {
        Map<String, Object> claims = World.claims(invoker);
        String revoked = World.token(claims);
        World.revokeToken(
                (String) claims.get("jti"), invoker.id(), Instant.now().plusSeconds(600));
        World.awaitDecision(
                base,
                aef,
                revoked,
                "as-session-with-qos",
                invoker.credential().thumbprint(),
                World.reason("TOKEN_REVOKED"));
        assertThat(World.decide(
                                base,
                                aef,
                                token,
                                "as-session-with-qos",
                                invoker.credential().thumbprint())
                        .jsonPath()
                        .getString("decision"))
                .isEqualTo("ALLOW");
    }

    @Test
    void revokeAuthorizationWhenAefAsksThenDeniedAtOnceAndStored() {
        OpenApiContract contract = OpenApiContract.of("TS29222_AEF_Security_API.yaml", "/aef-security/v1");
        Response r = revokeQos("OVERLIMIT_USAGE");
        contract.check("POST", "/aef-security/v1/revoke-authorization", r);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(reason("as-session-with-qos")).isEqualTo("AUTHORIZATION_REVOKED");
        assertThat(new org.capif.testing.db.Sql(CapifTestResource.database("capif_validator"))
                        .count("select count(*) from local_revocation where api_invoker_id = ?", invoker.id()))
                .isEqualTo(1);
        // forwarded to the authorization function, so it issues no new token for the API
        JwksServer.Revocation forwarded = ValidatorTestResources.Jwks.server().revocations().stream()
                .filter(f -> f.path().equals("/capif-security/v1/trustedInvokers/" + invoker.id() + "/delete"))
                .findFirst()
                .orElseThrow();
        assertThat(forwarded.clientUris()).containsExactly("urn:capif:service:token-validator");
        assertThat(io.restassured.path.json.JsonPath.from(forwarded.body()).getMap(""))
                .containsEntry("apiInvokerId", invoker.id())
                .containsEntry("aefId", World.AEF)
                .containsEntry("apiIds", List.of("api-qos"))
                .containsEntry("cause", "OVERLIMIT_USAGE");
    }

    @Test
    void revokeAuthorizationWhenAuthorizationFunctionRefusesThen502NotRetry() {
        ValidatorTestResources.Jwks.server().revocationStatus(403);
        try {
            Response r = revokeQos("UNEXPECTED_REASON");
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(502);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("detail")).contains("refused");
        } finally {
            ValidatorTestResources.Jwks.server().revocationStatus(204);
        }
    }

    @Test
    void revokeAuthorizationWhenAuthorizationFunctionUnreachableThen503ButRevokedAtTheValidator() {
        ValidatorTestResources.Jwks.server().revocationStatus(500);
        try {
            Response r = revokeQos("UNEXPECTED_REASON");
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(503);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("cause")).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(reason("as-session-with-qos")).isEqualTo("AUTHORIZATION_REVOKED");
        } finally {
            ValidatorTestResources.Jwks.server().revocationStatus(204);
        }
    }

    @Test
    void revokeAuthorizationWhenAefNamesAnotherAefThenForbidden() {
        Response r = Https.as(CapifTestResource.pki(), base, aef)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "revokeInfo",
                        Map.of(
                                "apiInvokerId",
                                invoker.id(),
                                "aefId",
                                "aef-two",
                                "apiIds",
                                List.of("api-qos"),
                                "cause",
                                "OVERLIMIT_USAGE"),
                        "supportedFeatures",
                        "0"))
                .post("/aef-security/v1/revoke-authorization");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.jsonPath().getString("cause")).isEqualTo("RESOURCE_NOT_OWNED");
    }
}
