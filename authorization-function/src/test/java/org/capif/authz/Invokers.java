package org.capif.authz;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.event.EventCodec;
import org.capif.common.event.InvokerEvent;
import org.capif.common.event.InvokerEventType;
import org.capif.common.event.InvokerStatus;
import org.capif.common.event.SubscribedApi;
import org.capif.testing.CapifTestResource;
import org.capif.testing.db.Sql;
import org.capif.testing.kafka.TopicWriter;
import org.capif.testing.pki.Credential;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Plays invoker-management's part for the authorization function's tests: issues an invoker certificate from the test
 * CAPIF CA and publishes the invoker events on the real invoker topic, exactly as the onboarding service does.
 */
public final class Invokers {

    public static final String TOPIC = "capif.invoker-events";

    public static final SubscribedApi QOS =
            new SubscribedApi("api-qos", "as-session-with-qos", "aef-demo", List.of("OAUTH"));
    public static final SubscribedApi MONITORING =
            new SubscribedApi("api-monitoring-event", "monitoring-event", "aef-demo", List.of("OAUTH", "PKI"));
    public static final SubscribedApi TRAFFIC =
            new SubscribedApi("api-traffic", "traffic-influence", "aef-two", List.of("PKI", "OAUTH"));
    public static final SubscribedApi PKI_ONLY =
            new SubscribedApi("api-location", "location", "aef-two", List.of("PKI"));

    private Invokers() {}

    /** An onboarded invoker: its id, its client credential, and the sequence of its last event. */
    public record Invoker(String id, Credential credential, long sequence) {}

    /** Onboards a new invoker subscribed to the given APIs and waits until the authorization function knows it. */
    public static Invoker onboard(SubscribedApi... apis) {
        String id = "inv-" + UUID.randomUUID();
        Credential credential = CapifTestResource.pki().client(CapifIdentity.invoker(id));
        publish(event(id, 1, InvokerEventType.API_INVOKER_ONBOARDED, InvokerStatus.ACTIVE, credential, List.of(apis)));
        awaitSequence(id, 1);
        return new Invoker(id, credential, 1);
    }

    /** Offboards the invoker and waits until the authorization function applied it. */
    public static Invoker offboard(Invoker invoker) {
        long next = invoker.sequence() + 1;
        publish(event(
                invoker.id(),
                next,
                InvokerEventType.API_INVOKER_OFFBOARDED,
                InvokerStatus.OFFBOARDED,
                invoker.credential(),
                List.of()));
        awaitSequence(invoker.id(), next);
        return new Invoker(invoker.id(), invoker.credential(), next);
    }

    /** Changes the subscription and/or certificate and waits until applied. */
    public static Invoker update(Invoker invoker, Credential credential, SubscribedApi... apis) {
        long next = invoker.sequence() + 1;
        publish(event(
                invoker.id(),
                next,
                InvokerEventType.API_INVOKER_UPDATED,
                InvokerStatus.ACTIVE,
                credential,
                List.of(apis)));
        awaitSequence(invoker.id(), next);
        return new Invoker(invoker.id(), credential, next);
    }

    public static InvokerEvent event(
            String id,
            long sequence,
            InvokerEventType type,
            InvokerStatus status,
            Credential credential,
            List<SubscribedApi> apis) {
        return new InvokerEvent(
                UUID.randomUUID(),
                type,
                InvokerEvent.SCHEMA_VERSION,
                Instant.now(),
                id,
                sequence,
                status,
                credential.thumbprint(),
                credential.certificate().getNotAfter().toInstant(),
                apis);
    }

    public static void publish(InvokerEvent event) {
        publishRaw(event.apiInvokerId(), EventCodec.encode(event));
    }

    public static void publishRaw(String key, String value) {
        TopicWriter.send(bootstrap(), TOPIC, key, value);
    }

    public static void awaitSequence(String id, long sequence) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    List<?> rows = sql().rows(
                                    "select 1 from invoker_view where api_invoker_id = ? and sequence >= ?",
                                    id,
                                    sequence);
                    return !rows.isEmpty();
                });
    }

    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    public static Sql sql() {
        return new Sql(CapifTestResource.database(AuthorizationTestResources.DATABASE));
    }
}
