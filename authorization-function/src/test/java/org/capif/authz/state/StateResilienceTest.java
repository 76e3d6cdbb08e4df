package org.capif.authz.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.capif.authz.AuthorizationTestResources;
import org.capif.authz.Invokers;
import org.capif.authz.SecurityApi;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.event.InvokerEvent;
import org.capif.common.event.InvokerEventType;
import org.capif.common.event.InvokerStatus;
import org.capif.testing.CapifTestResource;
import org.capif.testing.Infrastructure;
import org.capif.testing.db.PostgresServer;
import org.capif.testing.db.Sql;
import org.capif.testing.kafka.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * The authorization state against a failing database: a lost notification listener is followed by a full reload (the
 * notifications sent meanwhile are lost), and an invoker event that cannot be applied is retried, not dead-lettered.
 */
@QuarkusTest
class StateResilienceTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private static Sql admin() {
        PostgresServer pg = Infrastructure.postgres();
        return new Sql(pg.adminDatabase(AuthorizationTestResources.DATABASE));
    }

    @Test
    void listenerWhenConnectionLostThenEverythingReloaded() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS);
        api.put(i.credential(), i.id(), SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", "api-qos", "OAUTH")));
        assertThat(api.token(i.credential(), i.id(), (String) null).statusCode())
                .isEqualTo(200);

        // a change no notification announces: memory does not see it
        Sql admin = admin();
        assertThat(admin.update(
                        "update security_context set security_info = '[]', version = version + 1"
                                + " where api_invoker_id = ?",
                        i.id()))
                .isEqualTo(1);
        assertThat(api.token(i.credential(), i.id(), (String) null).statusCode())
                .isEqualTo(200);

        // the listener's connection dies; after reconnecting, the state is read again in full
        assertThat(admin.rows("select pg_terminate_backend(pid) as killed from pg_stat_activity"
                        + " where datname = current_database() and query ilike 'LISTEN%'"))
                .isNotEmpty();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> api.token(i.credential(), i.id(), (String) null).statusCode() != 200);
        assertThat(api.token(i.credential(), i.id(), (String) null).statusCode())
                .isBetween(400, 499);
    }

    @Test
    void projectionWhenDatabaseFailsThenEventRetriedNotDeadLettered() {
        String id = "retried-" + System.nanoTime();
        var credential = CapifTestResource.pki().client(CapifIdentity.invoker(id));
        Sql admin = admin();
        admin.update("alter table invoker_view rename to invoker_view_unreachable");
        try {
            Invokers.publish(Invokers.event(
                    id,
                    1,
                    InvokerEventType.API_INVOKER_ONBOARDED,
                    InvokerStatus.ACTIVE,
                    credential,
                    List.of(Invokers.QOS)));
            var dead = TopicReader.readUntil(
                    Invokers.bootstrap(), Invokers.TOPIC + ".dlq", Duration.ofSeconds(3), records -> records.stream()
                            .anyMatch(r -> id.equals(r.key())));
            assertThat(dead).noneMatch(r -> id.equals(r.key()));
        } finally {
            admin.update("alter table invoker_view_unreachable rename to invoker_view");
        }
        Invokers.awaitSequence(id, 1);
        assertThat(Invokers.sql()
                        .rows("select status from invoker_view where api_invoker_id = ?", id)
                        .get(0)
                        .get("status"))
                .isEqualTo("ACTIVE");
    }

    @Test
    void projectionWhenDatabaseRefusesTheDataThenDeadLetteredAndStreamContinues() {
        String id = "refused-" + System.nanoTime();
        var credential = CapifTestResource.pki().client(CapifIdentity.invoker(id));
        InvokerEvent valid = Invokers.event(
                id, 1, InvokerEventType.API_INVOKER_ONBOARDED, InvokerStatus.ACTIVE, credential, List.of(Invokers.QOS));
        // a decodable event whose thumbprint PostgreSQL cannot store (text never holds a NUL character: SQLSTATE 22021)
        Invokers.publish(new InvokerEvent(
                valid.eventId(),
                valid.type(),
                valid.schemaVersion(),
                valid.occurredAt(),
                id,
                1,
                valid.status(),
                valid.certificateThumbprint() + "\u0000",
                valid.certificateNotAfter(),
                valid.apis()));
        Invokers.publish(Invokers.event(
                id, 2, InvokerEventType.API_INVOKER_UPDATED, InvokerStatus.ACTIVE, credential, List.of(Invokers.QOS)));

        Invokers.awaitSequence(id, 2);
        var dead = TopicReader.readUntil(
                Invokers.bootstrap(), Invokers.TOPIC + ".dlq", Duration.ofSeconds(20), records -> records.stream()
                        .anyMatch(r -> id.equals(r.key())));
        assertThat(dead).filteredOn(r -> id.equals(r.key())).hasSize(1);
    }
}
