package org.capif.invoker;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.KeyPairs;
import org.capif.testing.edge.ManagementChecks;
import org.capif.testing.http.Https;
import org.junit.jupiter.api.Test;

/**
 * Health, metrics and the OpenAPI document live on the management interface, not on the API port; health is open,
 * the rest needs a monitoring client certificate, and no answer names a software version.
 */
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
        String metrics = ManagementChecks.assertServedToMonitoring(management.getPort(), Fixtures.pki(), "/q/metrics")
                .text();
        assertThat(metrics)
                .contains("capif_outbox_published_total")
                .contains("capif_kafka_reachable ")
                .contains("capif_outbox_pending")
                .contains("http_server_requests_seconds_count");
    }

    @Test
    void openApiDocumentThenDescribesTheOnboardingOperations() {
        String openapi = ManagementChecks.assertServedToMonitoring(
                        management.getPort(), Fixtures.pki(), "/q/openapi?format=json")
                .text();
        assertThat(io.restassured.path.json.JsonPath.from(openapi).getMap("paths"))
                .containsKey("/api-invoker-management/v1/onboardedInvokers");
    }

    @Test
    void metricsAndOpenApiWhenNoMonitoringCertificateThenRefusedAndHealthStillOpen() {
        InvokerApi.Onboarded invoker = new InvokerApi(api).onboardOk(KeyPairs.ecP256());
        ManagementChecks.assertMonitoringOnly(
                management.getPort(),
                Fixtures.pki(),
                invoker.credential(),
                Fixtures.pki().client(CapifIdentity.aef("aef-demo")),
                Fixtures.pki().client(new CapifIdentity(CapifRole.OPERATOR, "ops")));
    }

    @Test
    void managementAnswersWhenAnyThenNoSoftwareVersionOrServerHeader() {
        ManagementChecks.assertNoVersions(management.getPort(), Fixtures.pki());
    }

    @Test
    void healthWhenAskedOnTheApiPortThenNotServedThere() {
        Response r = Https.anonymous(Fixtures.pki(), api).get("/q/health/ready");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }
}
