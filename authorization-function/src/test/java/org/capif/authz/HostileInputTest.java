package org.capif.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.testing.CapifTestResource;
import org.capif.testing.edge.EdgeSweep;
import org.capif.testing.edge.LogCapture;
import org.capif.testing.edge.ManagementChecks;
import org.capif.testing.edge.Operation;
import org.capif.testing.edge.Operation.QueryKind;
import org.capif.testing.pki.Credential;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the authorization function, each with every hostile variant of {@code HostileRequests} (NUL,
 * control characters and invalid UTF-8 in path, query, headers and body; overlong ids; traversal and encoded slashes;
 * malformed percent-encoding in forms; deep, duplicate-key and mistyped JSON; wrong and missing media types; empty and
 * oversized bodies; repeated parameters): each is a 4xx ProblemDetails with a documented cause, or on the token and
 * revocation endpoints an AccessTokenErr, with no stack trace in the answer or the log and no row changed. The
 * management interface's operations are swept too.
 */
@QuarkusTest
class HostileInputTest {

    private static final String CONTEXTS = "/capif-security/v1/trustedInvokers/{apiInvokerId}";
    private static final String SECURITIES = "/capif-security/v1/securities/{securityId}";
    private static final String POLICIES = "/capif-admin/v1/access-control-policies/{aefId}/{apiId}/{apiInvokerId}";

    @TestHTTPResource(value = "/", management = true, tls = true)
    URL management;

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void everyOperationWhenInputIsHostileThenRefusedWithoutTraceOrChange() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker invoker = Invokers.onboard(Invokers.QOS, Invokers.MONITORING);
        Invokers.Invoker victim = Invokers.onboard(Invokers.QOS);
        Map<String, Object> context = SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", "api-qos", "OAUTH"));
        assertThat(api.put(invoker.credential(), invoker.id(), context).statusCode())
                .isEqualTo(201);
        assertThat(api.put(victim.credential(), victim.id(), context).statusCode())
                .isEqualTo(201);
        Response token = api.token(invoker.credential(), invoker.id(), "3gpp#aef-demo:as-session-with-qos");
        assertThat(token.statusCode()).as(token.asString()).isEqualTo(200);
        Credential aef = CapifTestResource.pki().client(CapifIdentity.aef("aef-demo"));
        Credential operator = CapifTestResource.pki().client(new CapifIdentity(CapifRole.OPERATOR, "sweep-operator"));
        String id = invoker.id();
        String contextJson = "{\"securityInfo\":[{\"aefId\":\"aef-demo\",\"apiId\":\"api-qos\","
                + "\"prefSecurityMethods\":[\"OAUTH\"]}],\"notificationDestination\":\"https://invoker.example.com/n\"}";
        String policy = "{\"apiInvokerId\":\"" + id + "\",\"allowedTotalInvocations\":100,"
                + "\"allowedInvocationTimeRangeList\":[{\"startTime\":\"2020-01-01T00:00:00Z\","
                + "\"stopTime\":\"2999-01-01T00:00:00Z\"}]}";
        int port = base.getPort();
        List<Operation> operations =
                new java.util.ArrayList<>(ManagementChecks.operations(management.getPort(), CapifTestResource.pki()));
        operations.addAll(List.of(
                Operation.call("PUT", CONTEXTS)
                        .path("apiInvokerId", id)
                        .json(contextJson)
                        .as(invoker.credential())
                        .on(port),
                Operation.call("GET", CONTEXTS)
                        .path("apiInvokerId", id)
                        .query("authenticationInfo", "true", QueryKind.BOOLEAN)
                        .query("authorizationInfo", "false", QueryKind.BOOLEAN)
                        .as(invoker.credential())
                        .on(port),
                Operation.call("DELETE", CONTEXTS)
                        .path("apiInvokerId", victim.id())
                        .as(victim.credential())
                        .on(port),
                Operation.call("POST", CONTEXTS + "/update")
                        .path("apiInvokerId", id)
                        .json(contextJson)
                        .as(invoker.credential())
                        .on(port),
                Operation.call("POST", CONTEXTS + "/delete")
                        .path("apiInvokerId", id)
                        .json("{\"apiInvokerId\":\"" + id + "\",\"aefId\":\"aef-demo\",\"apiIds\":[\"api-qos\"],"
                                + "\"cause\":\"UNEXPECTED_REASON\"}")
                        .as(aef)
                        .on(port),
                Operation.call("POST", SECURITIES + "/token")
                        .path("securityId", id)
                        .form("grant_type=client_credentials&client_id=" + id
                                + "&scope=3gpp%23aef-demo%3Aas-session-with-qos")
                        .as(invoker.credential())
                        .oauth()
                        .on(port),
                Operation.call("POST", SECURITIES + "/revoke")
                        .path("securityId", id)
                        .form("token=" + token.jsonPath().getString("access_token"))
                        .as(invoker.credential())
                        .oauth()
                        .on(port),
                Operation.call("GET", "/.well-known/jwks.json").as(aef).on(port),
                Operation.call("GET", "/access-control-policy/v1/accessControlPolicyList/{serviceApiId}")
                        .path("serviceApiId", "api-qos")
                        .query("aef-id", "aef-demo", QueryKind.IDENTIFIER)
                        .query("api-invoker-id", id, QueryKind.IDENTIFIER)
                        .as(aef)
                        .on(port),
                Operation.call("PUT", POLICIES)
                        .path("aefId", "aef-demo")
                        .path("apiId", "api-qos")
                        .path("apiInvokerId", id)
                        .json(policy)
                        .as(operator)
                        .on(port),
                Operation.call("DELETE", POLICIES)
                        .path("aefId", "aef-demo")
                        .path("apiId", "api-qos")
                        .path("apiInvokerId", id)
                        .as(operator)
                        .on(port),
                Operation.call("POST", "/capif-admin/v1/invoker-view/rebuild")
                        .as(operator)
                        .on(port)));
        Map<String, String> before = EdgeSweep.settledDigest(Invokers.sql());

        EdgeSweep.Result result;
        try (LogCapture log = LogCapture.start()) {
            result = EdgeSweep.run(CapifTestResource.pki(), operations);

            assertThat(result.failures().isEmpty()).as(result.report()).isTrue();
            assertThat(log.stackTraces()).isEmpty();
            assertThat(log.warnings("org.capif", "io.vertx", "io.quarkus", "org.hibernate", "org.jboss"))
                    .isEmpty();
        }
        assertThat(result.sent()).isGreaterThan(400);
        assertThat(Invokers.sql().digest()).isEqualTo(before);
    }
}
