package org.capif.validator.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.capif.validator.World.decide;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.capif.common.cert.KeyPairs;
import org.capif.testing.pki.Credential;
import org.capif.validator.SigningKeys;
import org.capif.validator.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every reason of a decision, each provoked on its own (docs/errors.md#token-validator-reasons). A denial is a 200 with
 * {@code DENY} and the reason; the invoker id is only ever echoed from a token whose signature verified.
 */
@QuarkusTest
class DecisionTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private final Credential aef = World.aef(World.AEF);
    private World.Invoker invoker;
    private Map<String, Object> claims;

    @BeforeEach
    void onboardedInvokerWithValidToken() {
        invoker = World.onboard();
        claims = World.claims(invoker);
        World.awaitDecision(
                base,
                aef,
                World.token(claims),
                "as-session-with-qos",
                invoker.credential().thumbprint(),
                World.reason("OK"));
    }

    private Response ask(String token) {
        return decide(
                base, aef, token, "as-session-with-qos", invoker.credential().thumbprint());
    }

    private static void assertDenied(Response r, String reason) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getString("decision")).isEqualTo("DENY");
        assertThat(r.jsonPath().getString("reason")).isEqualTo(reason);
        assertThat(r.jsonPath().getString("expiresIn")).isNull();
    }

    @Test
    void decideWhenEverythingHoldsThenAllowWithInvokerAndRemainingLifetime() {
        Response r = ask(World.token(claims));
        assertThat(r.jsonPath().getString("decision")).isEqualTo("ALLOW");
        assertThat(r.jsonPath().getString("reason")).isEqualTo("OK");
        assertThat(r.jsonPath().getString("apiInvokerId")).isEqualTo(invoker.id());
        assertThat(r.jsonPath().getLong("expiresIn")).isBetween(590L, 600L);
    }

    @Test
    void decideWhenTokenIsGarbageTruncatedOrHugeThenMalformed() {
        String good = World.token(claims);
        assertDenied(ask("garbage"), "TOKEN_MALFORMED");
        assertDenied(ask(""), "TOKEN_MALFORMED");
        assertDenied(ask(good.substring(0, good.lastIndexOf('.'))), "TOKEN_MALFORMED");
        assertDenied(ask(good.substring(0, good.length() / 2)), "TOKEN_MALFORMED");
        assertDenied(ask("a".repeat(20_000) + "." + "b".repeat(20_000) + ".c"), "TOKEN_MALFORMED");
        assertDenied(ask("!!!.@@@.###"), "TOKEN_MALFORMED");
    }

    @Test
    void decideWhenTypIsNotAccessTokenThenWrongTokenType() {
        assertDenied(
                ask(World.token(
                        claims,
                        "k1",
                        "JWT",
                        SignatureAlgorithm.ES256,
                        SigningKeys.get("k1").getPrivate())),
                "WRONG_TOKEN_TYPE");
    }

    @Test
    void decideWhenAlgNoneThenAlgorithmNotAllowed() {
        String payload = World.token(claims).split("\\.")[1];
        String header = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        "{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8));
        assertDenied(ask(header + "." + payload + ".AAAA"), "ALGORITHM_NOT_ALLOWED");
    }

    @Test
    void decideWhenHs256SignedWithThePublicKeyThenAlgorithmNotAllowed() {
        byte[] publicKey = SigningKeys.get("k1").getPublic().getEncoded();
        assertDenied(
                ask(World.token(
                        claims, "k1", "at+jwt", SignatureAlgorithm.HS256, new SecretKeySpec(publicKey, "HmacSHA256"))),
                "ALGORITHM_NOT_ALLOWED");
    }

    @Test
    void decideWhenKidUnknownThenUnknownKey() {
        assertDenied(
                ask(World.token(
                        claims,
                        "no-such-kid",
                        "at+jwt",
                        SignatureAlgorithm.ES256,
                        SigningKeys.get("k1").getPrivate())),
                "UNKNOWN_KEY");
    }

    @Test
    void decideWhenSignedByAnotherKeyOrTamperedThenBadSignature() {
        assertDenied(
                ask(World.token(
                        claims,
                        "k1",
                        "at+jwt",
                        SignatureAlgorithm.ES256,
                        KeyPairs.ecP256().getPrivate())),
                "BAD_SIGNATURE");
        String[] parts = World.token(claims).split("\\.");
        Map<String, Object> widened = new java.util.HashMap<>(claims);
        widened.put("scope", "3gpp#aef-demo:everything");
        String forgedPayload = World.token(widened).split("\\.")[1];
        assertDenied(ask(parts[0] + "." + forgedPayload + "." + parts[2]), "BAD_SIGNATURE");
    }

    @Test
    void decideWhenExpiredBeyondSkewThenExpired() {
        long now = Instant.now().getEpochSecond();
        claims.put("iat", now - 700);
        claims.put("exp", now - 31);
        assertDenied(ask(World.token(claims)), "TOKEN_EXPIRED");
    }

    @Test
    void decideWhenExpiredWithinSkewThenStillAllowed() {
        long now = Instant.now().getEpochSecond();
        claims.put("iat", now - 600);
        claims.put("exp", now - 5);
        assertThat(ask(World.token(claims)).jsonPath().getString("decision")).isEqualTo("ALLOW");
    }

    @Test
    void decideWhenNotBeforeOrIssuedAtInTheFutureThenNotYetValid() {
        long now = Instant.now().getEpochSecond();
        claims.put("nbf", now + 120);
        assertDenied(ask(World.token(claims)), "TOKEN_NOT_YET_VALID");
        claims.remove("nbf");
        claims.put("iat", now + 120);
        assertDenied(ask(World.token(claims)), "TOKEN_NOT_YET_VALID");
    }

    @Test
    void decideWhenLifetimeLongerThanTheMaximumThenRefused() {
        long now = Instant.now().getEpochSecond();
        claims.put("iat", now);
        claims.put("exp", now + 3600 + 1);
        assertDenied(ask(World.token(claims)), "TOKEN_LIFETIME_TOO_LONG");
        claims.put("exp", now + 3600);
        assertThat(ask(World.token(claims)).jsonPath().getString("decision")).isEqualTo("ALLOW");
    }

    @Test
    void decideWhenIssuerIsAnotherThenWrongIssuer() {
        claims.put("iss", "https://evil.example");
        assertDenied(ask(World.token(claims)), "WRONG_ISSUER");
    }

    @Test
    void decideWhenAudienceIsAnotherAefThenWrongAudience() {
        claims.put("aud", List.of("aef-two"));
        claims.put("scope", "3gpp#aef-two:as-session-with-qos");
        assertDenied(ask(World.token(claims)), "WRONG_AUDIENCE");
        Response asked = decide(
                base,
                World.aef("aef-two"),
                World.token(World.claims(invoker)),
                "as-session-with-qos",
                invoker.credential().thumbprint());
        assertDenied(asked, "WRONG_AUDIENCE");
    }

    @Test
    void decideWhenApiNotInScopeThenApiNotInScope() {
        assertDenied(
                decide(
                        base,
                        aef,
                        World.token(claims),
                        "traffic-influence",
                        invoker.credential().thumbprint()),
                "API_NOT_IN_SCOPE");
    }

    @Test
    void decideWhenPresentedCertificateIsNotTheBoundOneThenCertificateMismatch() {
        Credential thief = World.unregisteredAef("x");
        assertDenied(
                decide(base, aef, World.token(claims), "as-session-with-qos", thief.thumbprint()),
                "CERTIFICATE_MISMATCH");
    }

    @Test
    void decideWhenInvokerNeverOnboardedThenInvokerUnknown() {
        claims.put("sub", "stranger");
        claims.put("client_id", "stranger");
        assertDenied(ask(World.token(claims)), "INVOKER_UNKNOWN");
    }

    @Test
    void decideWhenRequestLacksFieldsThenProblem() {
        Response r = decide(base, aef, null, null, null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getList("invalidParams.param"))
                .contains("/accessToken", "/apiName", "/clientCertThumbprint");
    }
}
