package org.capif.invoker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.KeyPairs;
import org.capif.testing.edge.EdgeSweep;
import org.capif.testing.edge.LogCapture;
import org.capif.testing.edge.ManagementChecks;
import org.capif.testing.edge.Operation;
import org.capif.testing.edge.Operation.QueryKind;
import org.capif.testing.pki.Credential;
import org.junit.jupiter.api.Test;

/**
 * Every operation of invoker management, each with every hostile variant of {@code HostileRequests} (NUL, control
 * characters and invalid UTF-8 in path, query, headers and body; overlong ids; traversal and encoded slashes; deep,
 * duplicate-key and mistyped JSON; wrong, missing and charset-qualified media types; empty and oversized bodies;
 * repeated query parameters): each is a 4xx ProblemDetails with a documented cause, with no stack trace in the answer
 * or the log and no row changed. The management interface's operations are swept too.
 */
@QuarkusTest
class HostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", management = true, tls = true)
    URL management;

    @TestHTTPResource(value = "/", tls = true)
    URL api;

    @Test
    void everyOperationWhenInputIsHostileThenRefusedWithoutTraceOrChange() throws Exception {
        InvokerApi invokers = new InvokerApi(api);
        InvokerApi.Onboarded invoker = invokers.onboardOk(KeyPairs.ecP256(), "api-monitoring-event");
        InvokerApi.Onboarded victim = invokers.onboardOk(KeyPairs.ecP256(), "api-qos");
        Credential operator = Fixtures.pki().client(new CapifIdentity(CapifRole.OPERATOR, "sweep-operator"));
        String enrolment =
                JSON.writeValueAsString(Fixtures.enrolment(Fixtures.csr(KeyPairs.ecP256()), "api-monitoring-event"));
        String update =
                JSON.writeValueAsString(Fixtures.enrolment(Fixtures.csr(invoker.keys()), "api-monitoring-event"));
        int port = api.getPort();
        List<Operation> operations =
                new java.util.ArrayList<>(ManagementChecks.operations(management.getPort(), Fixtures.pki()));
        operations.addAll(List.of(
                Operation.call("POST", Fixtures.INVOKERS)
                        .header("Authorization", "Bearer " + Fixtures.credential())
                        .json(enrolment)
                        .on(port),
                Operation.call("PUT", Fixtures.INVOKERS + "/{onboardingId}")
                        .path("onboardingId", invoker.id())
                        .json(update)
                        .as(invoker.credential())
                        .on(port),
                Operation.call("PATCH", Fixtures.INVOKERS + "/{onboardingId}")
                        .path("onboardingId", invoker.id())
                        .mergePatch("{\"notificationDestination\":\"https://invoker.example.com/patched\"}")
                        .as(invoker.credential())
                        .on(port),
                Operation.call("DELETE", Fixtures.INVOKERS + "/{onboardingId}")
                        .path("onboardingId", victim.id())
                        .as(operator)
                        .on(port),
                Operation.call("POST", "/capif-admin/v1/onboarding-credentials")
                        .json("{\"subject\":\"sweep\",\"lifetimeSeconds\":600}")
                        .emptyBodyAccepted()
                        .as(operator)
                        .on(port),
                Operation.call("GET", "/capif-admin/v1/invokers")
                        .query("limit", "10", QueryKind.INTEGER)
                        .query("after", invoker.id(), QueryKind.IDENTIFIER)
                        .as(operator)
                        .on(port)));
        Map<String, String> before = EdgeSweep.settledDigest(Fixtures.sql());

        EdgeSweep.Result result;
        try (LogCapture log = LogCapture.start()) {
            result = EdgeSweep.run(Fixtures.pki(), operations);

            assertThat(result.failures().isEmpty()).as(result.report()).isTrue();
            assertThat(log.stackTraces()).isEmpty();
            assertThat(log.warnings("org.capif", "io.vertx", "io.quarkus", "org.hibernate", "org.jboss"))
                    .isEmpty();
        }
        assertThat(result.sent()).isGreaterThan(200);
        assertThat(Fixtures.sql().digest()).isEqualTo(before);
    }
}
