package org.capif.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
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
 * Health (database and in-memory state for readiness, Kafka as wellness), metrics and OpenAPI on the management
 * interface: health open, the rest for monitoring certificates only, no software version in any answer.
 */
@QuarkusTest
class ManagementInterfaceTest {

    @TestHTTPResource(value = "/", management = true, tls = true)
    URL management;

    @Test
    void readinessThenUpWithDatabaseAndAuthorizationStateAndKafkaOnlyAsWellness() {
        Response r = Https.anonymous(CapifTestResource.pki(), management).get("/q/health/ready");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getList("checks.name", String.class))
                .contains("Authorization state")
                .doesNotContain("Kafka")
                .anyMatch(n -> n.contains("PostgreSQL") || n.contains("Database"));
        Response well = Https.anonymous(CapifTestResource.pki(), management).get("/q/health/well");
        assertThat(well.jsonPath().getString("checks.find { it.name == 'Kafka' }.status"))
                .isEqualTo("UP");
    }

    @Test
    void metricsAndOpenApiWhenMonitoringCertificateThenServed() {
        Invokers.onboard(Invokers.QOS);
        String metrics = ManagementChecks.assertServedToMonitoring(
                        management.getPort(), CapifTestResource.pki(), "/q/metrics")
                .text();
        assertThat(metrics).contains("capif_invoker_events_total").contains("capif_outbox_pending");
        String openapi = ManagementChecks.assertServedToMonitoring(
                        management.getPort(), CapifTestResource.pki(), "/q/openapi?format=json")
                .text();
        assertThat(JsonPath.from(openapi).getMap("paths"))
                .containsKey("/capif-security/v1/securities/{securityId}/token");
    }

    @Test
    void metricsAndOpenApiWhenNoMonitoringCertificateThenRefusedAndHealthStillOpen() {
        Invokers.Invoker invoker = Invokers.onboard(Invokers.QOS);
        ManagementChecks.assertMonitoringOnly(
                management.getPort(),
                CapifTestResource.pki(),
                invoker.credential(),
                CapifTestResource.pki().client(CapifIdentity.aef("aef-demo")),
                CapifTestResource.pki().client(new CapifIdentity(CapifRole.SERVICE, "token-validator")));
    }

    @Test
    void managementAnswersWhenAnyThenNoSoftwareVersionOrServerHeader() {
        ManagementChecks.assertNoVersions(management.getPort(), CapifTestResource.pki());
    }
}
