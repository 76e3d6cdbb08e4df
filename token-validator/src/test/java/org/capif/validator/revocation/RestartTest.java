package org.capif.validator.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.capif.common.outbox.TopicProvisioner;
import org.capif.testing.CapifTestResource;
import org.capif.testing.Infrastructure;
import org.capif.testing.db.Database;
import org.capif.testing.db.Sql;
import org.capif.testing.http.Https;
import org.capif.testing.pki.Credential;
import org.capif.validator.World;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Revocation state survives a restart: everything below happens while no validator runs (between the instances of the
 * profile switch); the new instance rebuilds its state from the topics and its store, reports ready only then, and its
 * very first answers already deny.
 */
@QuarkusTest
@TestProfile(RestartTest.Restarted.class)
class RestartTest {

    public static class Restarted implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RevokeWhileDown.class));
        }
    }

    record Scenario(
            World.Invoker offboarded,
            World.Invoker revoked,
            World.Invoker local,
            Map<String, Object> earlierToken,
            Map<String, Object> revokedToken,
            Map<String, Object> localEarlierToken) {}

    /** Claims of a token issued a minute ago, before the revocations below. */
    static Map<String, Object> issuedEarlier(World.Invoker i) {
        Map<String, Object> c = World.claims(i);
        c.put("iat", Instant.now().getEpochSecond() - 60);
        return c;
    }

    static Scenario scenario;

    /** Onboards invokers and revokes their rights in every way while the validator is down. */
    public static class RevokeWhileDown implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            prepareWhenRunAlone();
            World.Invoker offboarded = World.onboard();
            World.offboard(offboarded);
            World.Invoker revoked = World.onboard();
            Map<String, Object> earlier = issuedEarlier(revoked);
            World.revokeContext(revoked, 1, Instant.now(), "as-session-with-qos");
            World.Invoker local = World.onboard();
            Map<String, Object> claims = World.claims(local);
            World.revokeToken(
                    (String) claims.get("jti"), local.id(), Instant.now().plusSeconds(600));
            Map<String, Object> localEarlier = issuedEarlier(local);
            new Sql(CapifTestResource.database("capif_validator"))
                    .update(
                            "insert into local_revocation (api_invoker_id, aef_id, api_name, not_before, cause)"
                                    + " values (?, 'aef-demo', 'monitoring-event', now(), 'OVERLIMIT_USAGE')",
                            local.id());
            scenario = new Scenario(offboarded, revoked, local, earlier, claims, localEarlier);
            return Map.of();
        }

        @Override
        public void stop() {}

        /** Run on its own, no instance has created the topics or migrated the schema yet: do what it would. */
        private static void prepareWhenRunAlone() {
            try {
                TopicProvisioner.ensure(
                        Infrastructure.kafkaTls().adminClient(World.bootstrap()),
                        List.of(
                                        "capif.invoker-events",
                                        "capif.security-events",
                                        "capif.policy-events",
                                        "capif.token-revocations",
                                        "capif.provider-events",
                                        "capif.service-api-events")
                                .stream()
                                .map(t -> TopicProvisioner.compacted(t, 3, (short) 1))
                                .toList());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            Database db = CapifTestResource.database("capif_validator");
            Flyway.configure()
                    .dataSource(db.jdbcUrl(), db.user(), db.password())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @TestHTTPResource(value = "/", management = true, tls = true)
    URL management;

    @Test
    void decideAfterRestartThenRevocationsMadeWhileDownAreEnforcedFromTheFirstAnswer() {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Https.anonymous(CapifTestResource.pki(), management)
                                .get("/q/health/ready")
                                .statusCode()
                        == 200);
        Credential aef = World.aef(World.AEF);
        World.Invoker off = scenario.offboarded();
        assertThat(reason(aef, World.token(World.claims(off)), "as-session-with-qos", off))
                .isEqualTo("INVOKER_OFFBOARDED");
        World.Invoker rev = scenario.revoked();
        assertThat(reason(aef, World.token(scenario.earlierToken()), "as-session-with-qos", rev))
                .isEqualTo("AUTHORIZATION_REVOKED");
        World.Invoker local = scenario.local();
        assertThat(reason(aef, World.token(scenario.revokedToken()), "as-session-with-qos", local))
                .isEqualTo("TOKEN_REVOKED");
        String localEarlier = World.token(scenario.localEarlierToken());
        assertThat(reason(aef, localEarlier, "monitoring-event", local)).isEqualTo("AUTHORIZATION_REVOKED");
        assertThat(reason(aef, localEarlier, "as-session-with-qos", local)).isEqualTo("OK");
    }

    private String reason(Credential aef, String token, String api, World.Invoker i) {
        return World.decide(base, aef, token, api, i.credential().thumbprint())
                .jsonPath()
                .getString("reason");
    }
}
