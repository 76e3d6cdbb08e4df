package org.capif.invoker.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.capif.common.cert.KeyPairs;
import org.capif.common.event.EventCodec;
import org.capif.common.event.InvokerEvent;
import org.capif.common.event.InvokerEventType;
import org.capif.invoker.Fixtures;
import org.capif.invoker.InvokerApi;
import org.capif.testing.Infrastructure;
import org.capif.testing.http.Https;
import org.capif.testing.kafka.TopicReader;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * At-least-once, ordered delivery of invoker events through the transactional outbox: changes accepted while Kafka is
 * down are published when it returns, and a relay that dies between sending and deleting re-sends with the same event
 * ids, which a de-duplicating consumer applies exactly once and in order.
 */
@QuarkusTest
class OutboxDeliveryTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @TestHTTPResource(value = "/", management = true, tls = true)
    URL management;

    @Test
    void changesWhileKafkaDownThenPublishedInOrderExactlyOnceWhenKafkaReturns() {
        InvokerApi api = new InvokerApi(base);
        InvokerApi.Onboarded invoker;
        Infrastructure.kafkaAvailable(false);
        try {
            invoker = api.onboardOk(KeyPairs.ecP256(), "api-qos");
            assertThat(api.patch(invoker.credential(), invoker.id(), Map.of("apiInvokerInformation", "v2"))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(api.patch(invoker.credential(), invoker.id(), Map.of("apiInvokerInformation", "v3"))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(Fixtures.sql().count("select count(*) from outbox where message_key = ?", invoker.id()))
                    .isEqualTo(3);
            // Kafka's loss shows in the wellness check and the gauge; the pod stays ready (decision D8)
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(kafkaWellness()).isEqualTo("DOWN"));
            assertThat(kafkaGauge()).isEqualTo(0.0);
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(readiness()).isEqualTo(200));
            assertThat(api.patch(invoker.credential(), invoker.id(), Map.of("apiInvokerInformation", "v4"))
                            .statusCode())
                    .isEqualTo(200);
        } finally {
            Infrastructure.kafkaAvailable(true);
        }

        List<InvokerEvent> applied = deduplicated(awaitEvents(invoker.id(), 4));
        assertThat(applied).extracting(InvokerEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(applied)
                .extracting(InvokerEvent::type)
                .containsExactly(
                        InvokerEventType.API_INVOKER_ONBOARDED,
                        InvokerEventType.API_INVOKER_UPDATED,
                        InvokerEventType.API_INVOKER_UPDATED,
                        InvokerEventType.API_INVOKER_UPDATED);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                        Fixtures.sql().count("select count(*) from outbox where message_key = ?", invoker.id()))
                .isZero());
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(kafkaWellness()).isEqualTo("UP"));
        assertThat(kafkaGauge()).isEqualTo(1.0);
    }

    @Test
    void relayDiesAfterSendBeforeDeleteThenRedeliveryIsDeduplicatedAndOrdered() {
        InvokerApi api = new InvokerApi(base);
        InvokerApi.Onboarded invoker = api.onboardOk(KeyPairs.ecP256(), "api-qos");
        api.patch(invoker.credential(), invoker.id(), Map.of("apiInvokerInformation", "v2"));
        api.patch(invoker.credential(), invoker.id(), Map.of("apiInvokerInformation", "v3"));
        List<ConsumerRecord<String, String>> published = awaitEvents(invoker.id(), 3);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        Fixtures.sql().count("select count(*) from outbox where message_key = ?", invoker.id()))
                .isZero());

        // The crash window: Kafka acknowledged the round but the deletion never committed, so the rows are still
        // there when a relay next looks. Put them back exactly as they were.
        for (ConsumerRecord<String, String> record : published) {
            InvokerEvent e = EventCodec.decode(record.value(), InvokerEvent.class);
            Fixtures.sql()
                    .update(
                            "insert into outbox (topic, message_key, event_id, event_type, payload) values (?, ?, ?, ?, ?)",
                            record.topic(),
                            record.key(),
                            e.eventId(),
                            e.type().name(),
                            record.value());
        }

        List<ConsumerRecord<String, String>> all = awaitEvents(invoker.id(), 6);
        assertThat(all)
                .extracting(
                        r -> EventCodec.decode(r.value(), InvokerEvent.class).sequence())
                .containsExactly(1L, 2L, 3L, 1L, 2L, 3L);
        List<InvokerEvent> applied = deduplicated(all);
        assertThat(applied).extracting(InvokerEvent::sequence).containsExactly(1L, 2L, 3L);
        assertThat(new HashSet<>(applied.stream().map(InvokerEvent::eventId).toList()))
                .hasSize(3);
    }

    /** What a consumer that applies an event only if its sequence is newer than what it holds ends up applying. */
    static List<InvokerEvent> deduplicated(List<ConsumerRecord<String, String>> records) {
        Map<String, Long> held = new HashMap<>();
        Set<UUID> seen = new HashSet<>();
        List<InvokerEvent> applied = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            InvokerEvent e = EventCodec.decode(record.value(), InvokerEvent.class);
            if (e.sequence() > held.getOrDefault(e.apiInvokerId(), 0L)) {
                assertThat(seen.add(e.eventId()))
                        .as("event %s applied twice", e.eventId())
                        .isTrue();
                held.put(e.apiInvokerId(), e.sequence());
                applied.add(e);
            }
        }
        return applied;
    }

    static List<ConsumerRecord<String, String>> awaitEvents(String invokerId, int count) {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        List<ConsumerRecord<String, String>> mine = TopicReader.readUntil(
                        bootstrap,
                        "capif.invoker-events",
                        Duration.ofSeconds(40),
                        records -> records.stream()
                                        .filter(r -> invokerId.equals(r.key()))
                                        .count()
                                >= count)
                .stream()
                .filter(r -> invokerId.equals(r.key()))
                .toList();
        assertThat(mine).hasSize(count);
        return mine;
    }

    private String kafkaWellness() {
        return Https.anonymous(Fixtures.pki(), management)
                .get("/q/health/well")
                .jsonPath()
                .getString("checks.find { it.name == 'Kafka' }.status");
    }

    /** The value of capif_kafka_reachable in the Prometheus text. */
    private double kafkaGauge() {
        String text = Https.as(Fixtures.pki(), management, Fixtures.pki().monitoring("prometheus"))
                .get("/q/metrics")
                .asString();
        return text.lines()
                .filter(l -> l.startsWith("capif_kafka_reachable "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no capif_kafka_reachable in /q/metrics"));
    }

    private int readiness() {
        return Https.anonymous(Fixtures.pki(), management)
                .get("/q/health/ready")
                .statusCode();
    }
}
