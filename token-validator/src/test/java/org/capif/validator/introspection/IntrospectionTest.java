package org.capif.validator.introspection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.capif.common.api.ApiInvokerPolicy;
import org.capif.testing.CapifTestResource;
import org.capif.testing.db.Sql;
import org.capif.testing.pki.Credential;
import org.capif.validator.World;
import org.junit.jupiter.api.Test;

/**
 * RFC 7662 introspection for AEFs: active only for this AEF's valid, unrevoked tokens, through the same pipeline and
 * invocation policies as decisions (each API reported active counts as one invocation).
 */
@QuarkusTest
class IntrospectionTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private final Credential aef = World.aef(World.AEF);

    private Response introspect(Credential who, String token, String... more) {
        return World.introspect(base, who, token, more);
    }

    /** An onboarded invoker's token for both demo APIs, allowed once (so the validator knows the invoker). */
    private static String allowed(URL base, Credential aef, World.Invoker i) {
        String token = World.token(World.claims(i));
        World.awaitDecision(base, aef, token, "monitoring-event", i.credential().thumbprint(), World.reason("OK"));
        return token;
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

    @Test
    void introspectWhenTotalInvocationsUsedUpThenThatApiLeftOutAndInactiveWhenNoneLeft() {
        // defect: introspection ignored invocation policies: a decision denied POLICY_TOTAL_EXCEEDED while
        // introspection of the same token answered active for the same API
        World.Invoker i = World.onboard();
        String both = allowed(base, aef, i);
        World.policy(i, 1, new ApiInvokerPolicy(i.id(), 0, null, null));
        World.awaitDecision(
                base,
                aef,
                both,
                "as-session-with-qos",
                i.credential().thumbprint(),
                World.reason("POLICY_TOTAL_EXCEEDED"));
        Response r = introspect(aef, both);
        assertThat(r.jsonPath().getBoolean("active")).isTrue();
        assertThat(r.jsonPath().getString("scope")).isEqualTo("3gpp#aef-demo:monitoring-event");
        Map<String, Object> qosOnly = World.claims(i);
        qosOnly.put("scope", "3gpp#aef-demo:as-session-with-qos");
        assertThat(introspect(aef, World.token(qosOnly)).jsonPath().getMap("$")).isEqualTo(Map.of("active", false));
        assertThat(introspect(aef, both, "api_name", "as-session-with-qos")
                        .jsonPath()
                        .getMap("$"))
                .isEqualTo(Map.of("active", false));
    }

    @Test
    void introspectWhenTotalIsLimitedThenEachActiveAnswerCountsOneInvocationSharedWithDecisions() {
        World.Invoker i = World.onboard();
        String token = allowed(base, aef, i);
        String thumbprint = i.credential().thumbprint();
        World.policy(i, 1, new ApiInvokerPolicy(i.id(), 0, null, null));
        World.awaitDecision(base, aef, token, "as-session-with-qos", thumbprint, World.reason("POLICY_TOTAL_EXCEEDED"));
        World.policy(i, 2, new ApiInvokerPolicy(i.id(), 4, null, null));
        // the first allowed decision once the new total is in force uses one of the four
        World.awaitDecision(base, aef, token, "as-session-with-qos", thumbprint, World.reason("OK"));
        // naming another API neither uses nor needs the QoS budget
        for (int n = 0; n < 5; n++) {
            assertThat(introspect(aef, token, "api_name", "monitoring-event")
                            .jsonPath()
                            .getString("scope"))
                    .isEqualTo("3gpp#aef-demo:monitoring-event");
        }
        List<Object> qos = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            qos.add(introspect(aef, token).jsonPath().getString("scope"));
        }
        assertThat(qos)
                .containsExactly(
                        "3gpp#aef-demo:as-session-with-qos,monitoring-event",
                        "3gpp#aef-demo:as-session-with-qos,monitoring-event",
                        "3gpp#aef-demo:as-session-with-qos,monitoring-event",
                        "3gpp#aef-demo:monitoring-event");
        assertThat(World.decide(base, aef, token, "as-session-with-qos", thumbprint)
                        .jsonPath()
                        .getString("reason"))
                .isEqualTo("POLICY_TOTAL_EXCEEDED");
        assertThat(new Sql(CapifTestResource.database("capif_validator"))
                        .count("select leased from invocation_usage where api_invoker_id = ?", i.id()))
                .isEqualTo(4);
    }

    @Test
    void introspectWhenApiNameNotInScopeOrRepeatedThenInactiveOrBadRequest() {
        World.Invoker i = World.onboard();
        String token = allowed(base, aef, i);
        assertThat(introspect(aef, token, "api_name", "traffic-influence")
                        .jsonPath()
                        .getMap("$"))
                .isEqualTo(Map.of("active", false));
        Response repeated = introspect(aef, token, "api_name", "monitoring-event", "api_name", "as-session-with-qos");
        assertThat(repeated.statusCode()).isEqualTo(400);
        assertThat(repeated.contentType()).startsWith("application/problem+json");
        assertThat(repeated.jsonPath().getString("cause")).isEqualTo("MANDATORY_IE_INCORRECT");
        Response missing = introspect(aef, null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.jsonPath().getString("cause")).isEqualTo("MANDATORY_IE_MISSING");
    }
}
