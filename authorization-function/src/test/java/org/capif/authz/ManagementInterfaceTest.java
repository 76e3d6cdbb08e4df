package org.capif.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import org.capif.testing.CapifTestResource;
import org.capif.testing.http.Https;
import org.junit.jupiter.api.Test;

/** Health (database and in-memory state for readiness, Kafka as wellness), metrics and OpenAPI on the management interface. */
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
    void metricsAndOpenApiThenServed() {
        Invokers.onboard(Invokers.QOS);
        Response metrics = Https.anonymous(CapifTestResource.pki(), management).get("/q/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.asString()).contains("capif_invoker_events_total").contains("capif_outbox_pending");
        Response openapi = Https.anonymous(CapifTestResource.pki(), management).get("/q/openapi?format=json");
        assertThat(openapi.jsonPath().getMap("paths")).containsKey("/capif-security/v1/securities/{securityId}/token");
    }
}
