package org.capif.authz.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Duration;
import org.capif.authz.Invokers;
import org.capif.authz.SecurityApi;
import org.capif.authz.Tokens;
import org.capif.common.event.EventCodec;
import org.capif.common.event.TokenRevokedEvent;
import org.capif.testing.kafka.TopicReader;
import org.junit.jupiter.api.Test;

/** RFC 7009 revocation of a single access token, published for the token validator. */
@QuarkusTest
class TokenRevocationTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private Response revoke(Invokers.Invoker who, String securityId, String token) {
        return new SecurityApi(base)
                .spec(who.credential())
                .contentType(ContentType.URLENC)
                .formParam("token", token)
                .post("/capif-security/v1/securities/" + securityId + "/revoke");
    }

    private String token(SecurityApi api, Invokers.Invoker i) {
        api.put(i.credential(), i.id(), SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", "api-qos", "OAUTH")));
        return api.token(i.credential(), i.id(), (String) null).jsonPath().getString("access_token");
    }

    @Test
    void revokeWhenOwnTokenThenOkAndEventWithJtiAndExpiry() throws Exception {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS);
        String token = token(api, i);
        String jwks = api.spec(i.credential()).get("/.well-known/jwks.json").asString();
        var jwt = Tokens.verify(token, jwks);

        assertThat(revoke(i, i.id(), token).statusCode()).isEqualTo(200);

        var record = TopicReader.readUntil(
                        Invokers.bootstrap(), "capif.token-revocations", Duration.ofSeconds(20), rs -> rs.stream()
                                .anyMatch(r -> jwt.getTokenID().equals(r.key())))
                .stream()
                .filter(r -> jwt.getTokenID().equals(r.key()))
                .findFirst()
                .orElseThrow();
        TokenRevokedEvent event = EventCodec.decode(record.value(), TokenRevokedEvent.class);
        assertThat(event.apiInvokerId()).isEqualTo(i.id());
        assertThat(event.expiresAt().getEpochSecond()).isEqualTo(jwt.getExpirationTime());
    }

    @Test
    void revokeWhenTokenIsGarbageThenOkWithoutEffectAsRfc7009Says() {
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS);
        assertThat(revoke(i, i.id(), "garbage").statusCode()).isEqualTo(200);
    }

    @Test
    void revokeWhenAnotherInvokersTokenOrPathThenRefused() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker a = Invokers.onboard(Invokers.QOS);
        Invokers.Invoker b = Invokers.onboard(Invokers.QOS);
        String tokenOfB = token(api, b);
        Response wrongPath = revoke(a, b.id(), tokenOfB);
        assertThat(wrongPath.statusCode()).isEqualTo(401);
        assertThat(wrongPath.jsonPath().getString("error")).isEqualTo("invalid_client");
        Response notHis = revoke(a, a.id(), tokenOfB);
        assertThat(notHis.statusCode()).isEqualTo(400);
        assertThat(notHis.jsonPath().getString("error")).isEqualTo("unauthorized_client");
    }
}
