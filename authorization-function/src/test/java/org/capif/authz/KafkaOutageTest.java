package org.capif.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Duration;
import org.capif.testing.CapifTestResource;
import org.capif.testing.Infrastructure;
import org.capif.testing.http.Https;
import org.junit.jupiter.api.Test;

/**
 * A Kafka outage (the embedded broker stopped) is reported, not acted on (decision D8): readiness stays UP, so the
 * pods stay in their Service and keep issuing tokens from the state they hold, while the wellness check and the gauge
 * {@code capif_kafka_reachable} say Kafka is down.
 */
@QuarkusTest
class KafkaOutageTest {

    @TestHTTPResource(value = "/", management = true, tls = true)
    URL management;

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void readinessWhenKafkaStoppedThenStaysUpWhileWellnessAndGaugeReportKafkaDown() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker invoker = Invokers.onboard(Invokers.QOS);
        assertThat(api.put(
                                invoker.credential(),
                                invoker.id(),
                                SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", "api-qos", "OAUTH")))
                        .statusCode())
                .isEqualTo(201);
        Infrastructure.kafkaAvailable(false);
        try {
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(kafka("/q/health/well")).isEqualTo("DOWN"));
            assertThat(gauge()).isEqualTo(0.0);
            // longer than the messaging client needs to notice the lost connection
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                            get("/q/health/ready").statusCode())
                    .isEqualTo(200));
            Response ready = get("/q/health/ready");
            assertThat(ready.jsonPath().getString("status")).isEqualTo("UP");
            assertThat(ready.jsonPath().getList("checks.name", String.class)).doesNotContain("Kafka");
            Response token = api.token(invoker.credential(), invoker.id(), "3gpp#aef-demo:as-session-with-qos");
            assertThat(token.statusCode()).as(token.asString()).isEqualTo(200);
        } finally {
            Infrastructure.kafkaAvailable(true);
        }
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(kafka("/q/health/well")).isEqualTo("UP"));
        assertThat(gauge()).isEqualTo(1.0);
    }

    private Response get(String path) {
        return Https.anonymous(CapifTestResource.pki(), management).get(path);
    }

    private String kafka(String path) {
        return get(path).jsonPath().getString("checks.find { it.name == 'Kafka' }.status");
    }

    private double gauge() {
        return Https.as(
                        CapifTestResource.pki(),
                        management,
                        CapifTestResource.pki().monitoring("prometheus"))
                .get("/q/metrics")
                .asString()
                .lines()
                .filter(l -> l.startsWith("capif_kafka_reachable "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no capif_kafka_reachable in /q/metrics"));
    }
}
