package org.capif.validator.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.capif.common.event.DecisionLogEvent;
import org.capif.testing.pki.Credential;
import org.capif.validator.World;
import org.capif.validator.gateway.Gateways;
import org.junit.jupiter.api.Test;

/**
 * Invocation logs made by the validator (docs/events.md#logs-made-by-the-validator): for an AEF listed in
 * {@code capif.invocation-log.aefs} (the tests list {@value Gateways#AEF}) every decision and introspection is
 * published on {@code capif.decision-logs}, keyed by the AEF, naming the invoker only once the token verified and never
 * carrying the token or the certificate; an AEF not listed produces nothing.
 */
@QuarkusTest
class DecisionLogTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void decideWhenTheAefIsListedThenAllowAndDenyAreLoggedWithoutTheToken() {
        Credential aef = Gateways.aef();
        World.Invoker invoker = Gateways.invoker();
        String thumbprint = invoker.credential().thumbprint();
        String qos = Gateways.token(invoker, Gateways.QOS);
        String monitoringOnly = Gateways.token(invoker, Gateways.MONITORING);
        Instant before = Instant.now();

        assertDecision(World.decide(base, aef, qos, Gateways.QOS, thumbprint), "ALLOW", "OK");
        assertDecision(World.decide(base, aef, monitoringOnly, Gateways.QOS, thumbprint), "DENY", "API_NOT_IN_SCOPE");

        List<DecisionLogTopic.Logged> logs = DecisionLogTopic.await(DecisionLogTopic.invoker(invoker.id()), 2);
        assertThat(logs).hasSize(2);
        for (DecisionLogTopic.Logged l : logs) {
            assertThat(l.key()).isEqualTo(Gateways.AEF);
            assertThat(l.value())
                    .doesNotContain(qos)
                    .doesNotContain(monitoringOnly)
                    .doesNotContain(thumbprint);
            DecisionLogEvent e = l.event();
            assertThat(e.schemaVersion()).isEqualTo(DecisionLogEvent.SCHEMA_VERSION);
            assertThat(e.aefId()).isEqualTo(Gateways.AEF);
            assertThat(e.apiName()).isEqualTo(Gateways.QOS);
            assertThat(e.occurredAt()).isBetween(before.minusSeconds(1), Instant.now());
        }
        assertThat(logs)
                .extracting(l -> l.event().allowed(), l -> l.event().reason())
                .containsExactlyInAnyOrder(tuple(true, "OK"), tuple(false, "API_NOT_IN_SCOPE"));
        assertThat(logs.get(0).event().eventId())
                .isNotEqualTo(logs.get(1).event().eventId());
    }

    @Test
    void decideWhenTheTokenDoesNotVerifyThenLoggedWithoutAnInvoker() {
        Credential aef = Gateways.aef();
        World.Invoker invoker = Gateways.invoker();
        String api = "api-" + UUID.randomUUID();
        String token = World.token(Gateways.claims(invoker, api));
        int signature = token.lastIndexOf('.') + 1;
        String tampered = token.substring(0, signature) + "AAAA" + token.substring(signature + 4);

        String thumbprint = invoker.credential().thumbprint();
        assertDecision(World.decide(base, aef, "garbage", api, thumbprint), "DENY", "TOKEN_MALFORMED");
        assertDecision(World.decide(base, aef, tampered, api, thumbprint), "DENY", "BAD_SIGNATURE");

        List<DecisionLogTopic.Logged> logs = DecisionLogTopic.await(DecisionLogTopic.api(api), 2);
        assertThat(logs)
                .extracting(l -> l.event().reason())
                .containsExactlyInAnyOrder("TOKEN_MALFORMED", "BAD_SIGNATURE");
        assertThat(logs).allSatisfy(l -> {
            assertThat(l.event().apiInvokerId()).isNull();
            assertThat(l.event().allowed()).isFalse();
            assertThat(l.value())
                    .doesNotContain(invoker.id())
                    .doesNotContain(tampered)
                    .doesNotContain(thumbprint);
        });
    }

    @Test
    void introspectWhenTheAefIsListedThenActiveAndInactiveAreLogged() {
        Credential aef = Gateways.aef();
        World.Invoker invoker = Gateways.invoker();
        String qos = Gateways.token(invoker, Gateways.QOS);

        Response active = World.introspect(base, aef, qos, "api_name", Gateways.QOS);
        assertThat(active.statusCode()).as(active.asString()).isEqualTo(200);
        assertThat(active.jsonPath().getBoolean("active")).isTrue();
        Response inactive = World.introspect(base, aef, qos, "api_name", Gateways.MONITORING);
        assertThat(inactive.jsonPath().getBoolean("active")).isFalse();

        List<DecisionLogTopic.Logged> logs = DecisionLogTopic.await(DecisionLogTopic.invoker(invoker.id()), 2);
        assertThat(logs)
                .extracting(l -> l.event().apiName(), l -> l.event().allowed(), l -> l.event()
                        .reason())
                .containsExactlyInAnyOrder(
                        tuple(Gateways.QOS, true, "OK"), tuple(Gateways.MONITORING, false, "API_NOT_IN_SCOPE"));
        assertThat(logs).allSatisfy(l -> assertThat(l.value()).doesNotContain(qos));
    }

    @Test
    void decideWhenTheAefIsNotListedThenNothingIsLogged() {
        Credential unlisted = World.aef(World.AEF);
        World.Invoker other = World.onboard();
        World.Invoker listed = Gateways.invoker();
        Response r = World.awaitDecision(
                base,
                unlisted,
                World.token(World.claims(other)),
                "as-session-with-qos",
                other.credential().thumbprint(),
                World.reason("OK"));
        assertDecision(r, "ALLOW", "OK");
        assertDecision(
                World.decide(
                        base,
                        unlisted,
                        "garbage",
                        "api-unlisted",
                        other.credential().thumbprint()),
                "DENY",
                "TOKEN_MALFORMED");
        // a later decision at the listed AEF: once it is on the topic, so would the earlier ones be (one sender, in
        // order)
        assertDecision(
                World.decide(
                        base,
                        Gateways.aef(),
                        Gateways.token(listed, Gateways.QOS),
                        Gateways.QOS,
                        listed.credential().thumbprint()),
                "ALLOW",
                "OK");
        DecisionLogTopic.await(DecisionLogTopic.invoker(listed.id()), 1);

        assertThat(DecisionLogTopic.now(
                        e -> World.AEF.equals(e.aefId()) || other.id().equals(e.apiInvokerId())))
                .isEmpty();
    }

    static void assertDecision(Response r, String decision, String reason) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getString("decision")).isEqualTo(decision);
        assertThat(r.jsonPath().getString("reason")).isEqualTo(reason);
    }
}
