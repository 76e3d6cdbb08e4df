package org.capif.invoker;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import org.capif.common.cert.KeyPairs;
import org.capif.testing.http.Https;
import org.junit.jupiter.api.Test;

/** Health, metrics and the OpenAPI document live on the management interface, not on the API port. */
@QuarkusTest
class ManagementInterfaceTest {

    @TestHTTPResource(value = "/", management = true, tls = true)
    URL management;

    @TestHTTPResource(value = "/", tls = true)
    URL api;

    @Test
    void readinessWhenDatabaseReachableThenUpWithoutAKafkaCheck() {
        Response r = Https.anonymous(Fixtures.pki(), management).get("/q/health/ready");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getString("status")).isEqualTo("UP");
        assertThat(r.jsonPath().getList("checks.name", String.class))
                .anyMatch(n -> n.contains("PostgreSQL") || n.contains("Database"))
                .noneMatch(n -> n.toLowerCase().contains("kafka"));
    }

    @Test
    void wellnessWhenKafkaReachableThenKafkaUpWithBrokerCount() {
        Response r = Https.anonymous(Fixtures.pki(), management).get("/q/health/well");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getString("checks.find { it.name == 'Kafka' }.status"))
                .isEqualTo("UP");
        assertThat(r.jsonPath().getInt("checks.find { it.name == 'Kafka' }.data.brokers"))
                .isEqualTo(1);
    }

    @Test
    void livenessThenUp() {
        Response r = Https.anonymous(Fixtures.pki(), management).get("/q/health/live");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("status")).isEqualTo("UP");
    }

    @Test
    void metricsThenPrometheusTextWithOutboxAndHttpMetrics() {
        new InvokerApi(api).onboardOk(KeyPairs.ecP256());
        Response r = Https.anonymous(Fixtures.pki(), management).get("/q/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asString())
                .contains("capif_outbox_published_total")
                .contains("capif_kafka_reachable ")
                .contains("capif_outbox_pending")
                .contains("http_server_requests_seconds_count");
    }

    @Test
    void openApiDocumentThenDescribesTheOnboardingOperations() {
        Response r = Https.anonymous(Fixtures.pki(), management).get("/q/openapi?format=json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getMap("paths")).containsKey("/api-invoker-management/v1/onboardedInvokers");
    }

    @Test
    void healthWhenAskedOnTheApiPortThenNotServedThere() {
        Response r = Https.anonymous(Fixtures.pki(), api).get("/q/health/ready");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }
}
