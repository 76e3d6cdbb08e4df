package org.capif.validator.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.capif.common.api.AefProfile;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.api.Version;
import org.capif.common.event.EventCodec;
import org.capif.common.event.ServiceApiEvent;
import org.capif.common.event.ServiceApiEventType;
import org.capif.common.event.ServiceApiStatus;
import org.capif.common.event.SubscribedApi;
import org.capif.testing.Infrastructure;
import org.capif.testing.events.ProviderSide;
import org.capif.validator.World;
import org.junit.jupiter.api.Test;

/**
 * Unpublishing an API, or removing the AEF from its profiles, denies live tokens for it within a second while the
 * invoker keeps its other APIs: 30 trials of publish, ALLOW, withdraw (a real service API event on the real topic),
 * decisions polled over one kept-alive mutual TLS connection until DENY. Prints the event-to-DENY figures.
 */
@QuarkusTest
class UnpublishLatencyTest {

    private static final int TRIALS = 30;

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void decideWhenApiWithdrawnThenDeniedWithinOneSecondAtP99() throws Exception {
        String name = "lat-" + UUID.randomUUID().toString().substring(0, 8);
        String apiId = "id-" + name;
        World.Invoker i = World.onboard();
        World.update(i, 2, i.credential(), World.QOS, new SubscribedApi(apiId, name, World.AEF, List.of("OAUTH")));
        Map<String, Object> claims = World.claims(i);
        claims.put("scope", "3gpp#" + World.AEF + ":as-session-with-qos," + name);
        String token = World.token(claims);
        HttpClient http = World.httpClient(World.aef(World.AEF));
        Map<String, Object> config = new HashMap<>(Infrastructure.kafkaTls().adminClient(World.bootstrap()));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        List<Long> micros = new ArrayList<>();
        long sequence = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int trial = 0; trial < TRIALS; trial++) {
                send(producer, event(apiId, name, ++sequence, ServiceApiStatus.PUBLISHED, World.AEF));
                pollUntil(http, token, name, i, "OK", 20_000);
                // odd trials remove the AEF from the API's profiles, even ones unpublish it
                ServiceApiEvent withdrawn = trial % 2 == 0
                        ? event(apiId, name, ++sequence, ServiceApiStatus.UNPUBLISHED, World.AEF)
                        : event(apiId, name, ++sequence, ServiceApiStatus.PUBLISHED, "aef-elsewhere");
                long start = System.nanoTime();
                send(producer, withdrawn);
                pollUntil(http, token, name, i, "API_NOT_PUBLISHED", 5_000);
                micros.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start));
            }
        }
        assertThat(reason(http, token, "as-session-with-qos", i)).isEqualTo("OK");
        List<Long> sorted = micros.stream().sorted().toList();
        long p50 = sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1);
        long p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
        System.out.printf(
                "withdrawn API event -> DENY over %d trials: p50 %.1f ms, p99 %.1f ms, max %.1f ms, min %.1f ms%n",
                sorted.size(),
                p50 / 1000.0,
                p99 / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0,
                sorted.get(0) / 1000.0);
        assertThat(p99).isLessThan(1_000_000L);
    }

    private static ServiceApiEvent event(
            String apiId, String name, long sequence, ServiceApiStatus status, String aef) {
        ServiceAPIDescription description = new ServiceAPIDescription(
                name,
                apiId,
                null,
                List.of(new AefProfile(
                        aef,
                        List.of(Version.of("v1")),
                        "HTTP_1_1",
                        "JSON",
                        List.of("OAUTH"),
                        aef + ".example.com",
                        null,
                        null,
                        null,
                        null)),
                "latency trial",
                null,
                null,
                null,
                null,
                null,
                null);
        return new ServiceApiEvent(
                UUID.randomUUID(),
                status == ServiceApiStatus.UNPUBLISHED
                        ? ServiceApiEventType.SERVICE_API_UNAVAILABLE
                        : ServiceApiEventType.SERVICE_API_UPDATE,
                ServiceApiEvent.SCHEMA_VERSION,
                Instant.now(),
                apiId,
                sequence,
                status,
                "apf-test",
                "domain-test",
                description);
    }

    private static void send(KafkaProducer<String, String> producer, ServiceApiEvent e) throws Exception {
        producer.send(new ProducerRecord<>(ProviderSide.SERVICE_API_TOPIC, e.apiId(), EventCodec.encode(e)))
                .get(10, TimeUnit.SECONDS);
    }

    private void pollUntil(HttpClient http, String token, String api, World.Invoker i, String reason, long timeoutMs)
            throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        String last = null;
        while (System.currentTimeMillis() < deadline) {
            last = reason(http, token, api, i);
            if (reason.equals(last)) {
                return;
            }
        }
        throw new AssertionError("no " + reason + " within " + timeoutMs + " ms, last " + last);
    }

    private String reason(HttpClient http, String token, String api, World.Invoker i) throws Exception {
        String body = EventCodec.encode(Map.of(
                "accessToken",
                token,
                "apiName",
                api,
                "clientCertThumbprint",
                i.credential().thumbprint()));
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base.toString() + "token-validator/v1/decisions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return (String) EventCodec.decode(r.body(), Map.class).get("reason");
    }
}
