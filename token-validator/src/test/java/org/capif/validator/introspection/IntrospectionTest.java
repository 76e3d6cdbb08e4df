package org.capif.validator.introspection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Instant;
import java.util.Map;
import org.capif.testing.CapifTestResource;
import org.capif.testing.http.Https;
import org.capif.testing.pki.Credential;
import org.capif.validator.World;
import org.junit.jupiter.api.Test;

/** RFC 7662 introspection for AEFs: active only for this AEF's valid, unrevoked tokens. */
@QuarkusTest
class IntrospectionTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private final Credential aef = World.aef(World.AEF);

    private Response introspect(Credential who, String token) {
        return Https.as(CapifTestResource.pki(), base, who)
                .contentType(ContentType.URLENC)
                .formParam("token", token)
                .post("/token-validator/v1/introspect");
    }

    @Test
    void introspectWhenValidThenActiveWithRfc7662Fields() {
        World.Invoker i = World.onboard();
        Map<String, Object> claims = World.claims(i);
        String token = World.token(claims);
        World.awaitDecision(
                base, aef, token, "as-session-with-qos", i.credential().thumbprint(), World.reason("OK"));

        Response r = introspect(aef, token);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getBoolean("active")).isTrue();
        assertThat(r.jsonPath().getString("client_id")).isEqualTo(i.id());
        assertThat(r.jsonPath().getString("sub")).isEqualTo(i.id());
        assertThat(r.jsonPath().getString("scope")).isEqualTo("3gpp#aef-demo:as-session-with-qos,monitoring-event");
        assertThat(r.jsonPath().getString("token_type")).isEqualTo("Bearer");
        assertThat(r.jsonPath().getLong("exp")).isEqualTo(((Number) claims.get("exp")).longValue());
        assertThat(r.jsonPath().getString("jti")).isEqualTo(claims.get("jti"));
        assertThat(r.jsonPath().getString("cnf.'x5t#S256'"))
                .isEqualTo(i.credential().thumbprint());
    }

    @Test
    void introspectWhenOtherAefOrGarbageOrRevokedThenInactive() {
        World.Invoker i = World.onboard();
        String token = World.token(World.claims(i));
        World.awaitDecision(
                base, aef, token, "as-session-with-qos", i.credential().thumbprint(), World.reason("OK"));
        assertThat(introspect(World.aef("aef-two"), token).jsonPath().getMap("$"))
                .isEqualTo(Map.of("active", false));
        assertThat(introspect(aef, "garbage").jsonPath().getMap("$")).isEqualTo(Map.of("active", false));

        World.revokeContext(i, 1, Instant.now(), "as-session-with-qos");
        World.awaitDecision(
                base,
                aef,
                token,
                "as-session-with-qos",
                i.credential().thumbprint(),
                World.reason("AUTHORIZATION_REVOKED"));
        assertThat(introspect(aef, token).jsonPath().getString("scope")).isEqualTo("3gpp#aef-demo:monitoring-event");
        World.offboard(i);
        World.awaitDecision(
                base, aef, token, "monitoring-event", i.credential().thumbprint(), World.reason("INVOKER_OFFBOARDED"));
        assertThat(introspect(aef, token).jsonPath().getMap("$")).isEqualTo(Map.of("active", false));
    }
}
