package org.capif.validator;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.capif.testing.CapifTestResource;
import org.capif.testing.db.Sql;
import org.capif.testing.edge.EdgeSweep;
import org.capif.testing.edge.LogCapture;
import org.capif.testing.edge.ManagementChecks;
import org.capif.testing.edge.Operation;
import org.capif.testing.pki.Credential;
import org.capif.validator.gateway.ForwardAuthOperations;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the token validator, each with every hostile variant of {@code HostileRequests} (NUL, control
 * characters and invalid UTF-8 in headers and bodies; malformed percent-encoding in the introspection form; deep,
 * duplicate-key and mistyped JSON; wrong and missing media types; empty and oversized bodies): each is a 4xx
 * ProblemDetails with a documented cause, with no stack trace in the answer or the log and no row changed. The
 * management interface's operations are swept too, and the gateways' HTTP forward-auth endpoint with the hostile
 * variants particular to it ({@link ForwardAuthOperations}: forwarded method, URI, certificate and token, forged
 * certificate headers from callers that are not the AEF's gateway).
 */
@QuarkusTest
class HostileInputTest {

    @TestHTTPResource(value = "/", management = true, tls = true)
    URL management;

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void everyOperationWhenInputIsHostileThenRefusedWithoutTraceOrChange() {
        World.Invoker invoker = World.onboard();
        Credential aef = World.aef(World.AEF);
        String token = World.token(World.claims(invoker));
        String thumbprint = invoker.credential().thumbprint();
        World.awaitDecision(base, aef, token, "as-session-with-qos", thumbprint, World.reason("OK"));
        int port = base.getPort();
        List<Operation> operations =
                new java.util.ArrayList<>(ManagementChecks.operations(management.getPort(), CapifTestResource.pki()));
        operations.addAll(List.of(
                Operation.call("POST", "/token-validator/v1/decisions")
                        .json("{\"accessToken\":\"" + token + "\",\"apiName\":\"as-session-with-qos\","
                                + "\"clientCertThumbprint\":\"" + thumbprint + "\"}")
                        .as(aef)
                        .on(port),
                Operation.call("POST", "/token-validator/v1/introspect")
                        .form("token=" + token)
                        .as(aef)
                        .on(port),
                Operation.call("POST", "/aef-security/v1/check-authentication")
                        .json("{\"apiInvokerId\":\"" + invoker.id() + "\",\"supportedFeatures\":\"0\"}")
                        .as(aef)
                        .on(port),
                Operation.call("POST", "/aef-security/v1/revoke-authorization")
                        .json("{\"revokeInfo\":{\"apiInvokerId\":\"" + invoker.id() + "\",\"aefId\":\"aef-demo\","
                                + "\"apiIds\":[\"api-qos\"],\"cause\":\"UNEXPECTED_REASON\"},"
                                + "\"supportedFeatures\":\"0\"}")
                        .as(aef)
                        .on(port),
                Operation.call("POST", "/token-validator/v1/noop")
                        .json("{}")
                        .bodyIgnored()
                        .as(aef)
                        .on(port)));
        operations.addAll(ForwardAuthOperations.hostile(port));
        Sql sql = new Sql(CapifTestResource.database(ValidatorTestResources.DATABASE));
        Map<String, String> before = EdgeSweep.settledDigest(sql);

        EdgeSweep.Result result;
        try (LogCapture log = LogCapture.start()) {
            result = EdgeSweep.run(CapifTestResource.pki(), operations);

            assertThat(result.failures().isEmpty()).as(result.report()).isTrue();
            assertThat(log.stackTraces()).isEmpty();
            assertThat(log.warnings("org.capif", "io.vertx", "io.quarkus", "org.hibernate", "org.jboss"))
                    .isEmpty();
        }
        assertThat(result.sent()).isGreaterThan(100);
        assertThat(sql.digest()).isEqualTo(before);
        assertThat(ValidatorTestResources.Jwks.server().revocations())
                .noneMatch(r -> r.body().contains(invoker.id()));
    }
}
