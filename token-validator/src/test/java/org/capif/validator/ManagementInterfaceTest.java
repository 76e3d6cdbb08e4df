package org.capif.validator;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URL;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.testing.CapifTestResource;
import org.capif.testing.edge.ManagementChecks;
import org.capif.testing.http.Https;
import org.junit.jupiter.api.Test;

/**
 * Health (database and validator state for readiness, Kafka as wellness), metrics and OpenAPI (monitoring certificates
 * only, no software version in any answer), and the benchmark no-op endpoint.
 */
@QuarkusTest
class ManagementInterfaceTest {

    @TestHTTPResource(value = "/", management = true, tls = true)
    URL management;

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void readinessThenUpWithDatabaseAndValidatorStateAndKafkaOnlyAsWellness() {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> Https.anonymous(CapifTestResource.pki(), management)
                                .get("/q/health/ready")
                                .statusCode()
                        == 200);
        Response r = Https.anonymous(CapifTestResource.pki(), management).get("/q/health/ready");
        assertThat(r.jsonPath().getList("checks.name", String.class))
                .contains("Validator state")
                .doesNotContain("Kafka")
                .anyMatch(n -> n.contains("PostgreSQL") || n.contains("Database"));
        Response well = Https.anonymous(CapifTestResource.pki(), management).get("/q/health/well");
        assertThat(well.jsonPath().getString("checks.find { it.name == 'Kafka' }.status"))
                .isEqualTo("UP");
    }

    @Test
    void metricsThenDecisionCountersByReason() {
        World.Invoker i = World.onboard();
        World.awaitDecision(
                base,
                World.aef(World.AEF),
                World.token(World.claims(i)),
                "as-session-with-qos",
                i.credential().thumbprint(),
                World.reason("OK"));
        String metrics = ManagementChecks.assertServedToMonitoring(
                        management.getPort(), CapifTestResource.pki(), "/q/metrics")
                .text();
        assertThat(metrics).contains("capif_validator_decisions_total{reason=\"OK\"}");
        String openapi = ManagementChecks.assertServedToMonitoring(
                        management.getPort(), CapifTestResource.pki(), "/q/openapi?format=json")
                .text();
        assertThat(JsonPath.from(openapi).getMap("paths")).containsKey("/token-validator/v1/decisions");
    }

    @Test
    void metricsAndOpenApiWhenNoMonitoringCertificateThenRefusedAndHealthStillOpen() {
        ManagementChecks.assertMonitoringOnly(
                management.getPort(),
                CapifTestResource.pki(),
                World.aef(World.AEF),
                World.onboard().credential(),
                CapifTestResource.pki().client(new CapifIdentity(CapifRole.OPERATOR, "ops")));
    }

    @Test
    void managementAnswersWhenAnyThenNoSoftwareVersionOrServerHeader() {
        ManagementChecks.assertNoVersions(management.getPort(), CapifTestResource.pki());
    }

    @Test
    void noopWhenEnabledThenSameShapeAnswer() {
        Response r = Https.as(CapifTestResource.pki(), base, World.aef(World.AEF))
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/token-validator/v1/noop");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("decision")).isEqualTo("ALLOW");
    }
}
