package org.capif.authz.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.capif.authz.Invokers;
import org.capif.authz.SecurityApi;
import org.capif.authz.Tokens;
import org.capif.common.jose.AccessTokenJws;
import org.capif.common.jose.Es256JwkSet;
import org.capif.testing.jose.RawJws;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** Successful token issuance (TS 33.122 Annex C): the token verifies against the JWK Set with exactly our claims. */
@QuarkusTest
class TokenIssuanceTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private String jwks(SecurityApi api, Invokers.Invoker invoker) {
        Response r = api.spec(invoker.credential()).get("/.well-known/jwks.json");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.asString();
    }

    @Test
    void tokenWhenContextEstablishedThenSignedJwtWithExactlyTheCapifClaims() throws Exception {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker invoker = Invokers.onboard(Invokers.QOS, Invokers.TRAFFIC);
        assertThat(api.put(
                                invoker.credential(),
                                invoker.id(),
                                SecurityApi.serviceSecurity(
                                        SecurityApi.entry("aef-demo", "api-qos", "OAUTH"),
                                        SecurityApi.entry("aef-two", "api-traffic", "OAUTH", "PKI")))
                        .statusCode())
                .isEqualTo(201);

        long before = Instant.now().getEpochSecond();
        Response r = api.token(
                invoker.credential(), invoker.id(), "3gpp#aef-demo:as-session-with-qos;aef-two:traffic-influence");

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.jsonPath().getString("token_type")).isEqualTo("Bearer");
        assertThat(r.jsonPath().getLong("expires_in")).isEqualTo(600);
        assertThat(r.jsonPath().getString("scope"))
                .isEqualTo("3gpp#aef-demo:as-session-with-qos;aef-two:traffic-influence");
        String token = r.jsonPath().getString("access_token");

        JsonWebToken jwt = Tokens.verify(token, jwks(api, invoker));
        assertThat(jwt.getClaimNames())
                .containsExactlyInAnyOrder(
                        "iss", "sub", "client_id", "aud", "scope", "iat", "exp", "jti", "cnf", "raw_token");
        assertThat(jwt.getIssuer()).isEqualTo(Tokens.ISSUER);
        assertThat(jwt.getSubject()).isEqualTo(invoker.id());
        assertThat(jwt.<Object>getClaim("client_id").toString()).contains(invoker.id());
        assertThat(jwt.getAudience()).isEqualTo(Set.of("aef-demo", "aef-two"));
        assertThat(jwt.<Object>getClaim("scope").toString())
                .contains("3gpp#aef-demo:as-session-with-qos;aef-two:traffic-influence");
        assertThat(jwt.getIssuedAtTime()).isBetween(before, before + 5);
        assertThat(jwt.getExpirationTime()).isEqualTo(jwt.getIssuedAtTime() + 600);
        assertThat(jwt.getTokenID()).isNotBlank();
        Map<?, ?> cnf = jwt.getClaim("cnf");
        assertThat(cnf.get("x5t#S256")).isEqualTo(invoker.credential().thumbprint());

        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        assertThat(header)
                .contains("\"alg\":\"ES256\"")
                .contains("\"typ\":\"at+jwt\"")
                .contains("\"kid\":\"k1\"");
    }

    @Test
    void tokenWhenNoScopeThenEveryOauthApiOfTheContext() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker invoker = Invokers.onboard(Invokers.QOS, Invokers.MONITORING, Invokers.PKI_ONLY);
        api.put(
                invoker.credential(),
                invoker.id(),
                SecurityApi.serviceSecurity(
                        SecurityApi.entry("aef-demo", null, "OAUTH"),
                        SecurityApi.entry("aef-two", "api-location", "PKI")));
        Response r = api.token(invoker.credential(), invoker.id(), (String) null);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getString("scope")).isEqualTo("3gpp#aef-demo:as-session-with-qos,monitoring-event");
    }

    @Test
    void tokenWhenScopeNarrowerThanContextThenOnlyThatScope() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker invoker = Invokers.onboard(Invokers.QOS, Invokers.MONITORING);
        api.put(
                invoker.credential(),
                invoker.id(),
                SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", null, "OAUTH")));
        Response r = api.token(invoker.credential(), invoker.id(), " 3gpp#aef-demo: monitoring-event ");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("scope")).isEqualTo("3gpp#aef-demo:monitoring-event");
    }

    @Test
    void jwksWhenAnyCapifCertificateThenPublicKeysOnly() {
        var aef = org.capif.authz.Aefs.registered("aef-demo");
        Response r = new SecurityApi(base).spec(aef).get("/.well-known/jwks.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getList("keys.kid")).contains("k1");
        assertThat(r.jsonPath().getString("keys[0].kty")).isEqualTo("EC");
        assertThat(r.asString()).doesNotContain("\"d\"");
    }

    @Test
    void tokenWhenManyIssuedThenEverySignatureLowSAndEachPassesTheValidatorsChecks() {
        // defect: half of the raw ECDSA signatures the issuer sent were high-S, which validators now refuse
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker invoker = Invokers.onboard(Invokers.QOS, Invokers.MONITORING);
        api.put(
                invoker.credential(),
                invoker.id(),
                SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", null, "OAUTH")));
        var published = Es256JwkSet.read(jwks(api, invoker));
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (int n = 0; n < 200; n++) {
            Response r = api.token(invoker.credential(), invoker.id(), (String) null);
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            String token = r.jsonPath().getString("access_token");
            assertThat(RawJws.isLowS(token)).as("token %d low-S", n).isTrue();
            AccessTokenJws jws = AccessTokenJws.parse(token);
            assertThat(jws.verifies(published.get(jws.kid()))).isTrue();
            assertThat(jws.claims().sub()).isEqualTo(invoker.id());
            assertThat(RawJws.isLowS(RawJws.highSTwin(token))).isFalse();
            distinct.add(token);
        }
        assertThat(distinct).hasSize(200);
    }
}
