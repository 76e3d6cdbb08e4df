package org.capif.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.capif.authz.Problems.assertProblem;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.capif.authz.Invokers;
import org.capif.authz.SecurityApi;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.event.EventCodec;
import org.capif.common.event.PolicyEvent;
import org.capif.testing.CapifTestResource;
import org.capif.testing.contract.OpenApiContract;
import org.capif.testing.kafka.TopicReader;
import org.capif.testing.pki.Credential;
import org.junit.jupiter.api.Test;

/** Operator-set access control policies, the TS 29.222 Access Control Policy API, and the policy events. */
@QuarkusTest
class AccessControlPolicyTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private final Credential operator = CapifTestResource.pki().client(new CapifIdentity(CapifRole.OPERATOR, "ops"));
    private final OpenApiContract contract =
            OpenApiContract.of("TS29222_CAPIF_Access_Control_Policy_API.yaml", "/access-control-policy/v1");

    private Response put(Credential who, String invoker, Object body) {
        return new SecurityApi(base)
                .spec(who)
                .contentType(ContentType.JSON)
                .body(body)
                .put("/capif-admin/v1/access-control-policies/aef-demo/api-qos/" + invoker);
    }

    private Response list(Credential who, String aef, String invoker) {
        String path = "/access-control-policy/v1/accessControlPolicyList/api-qos";
        var spec = new SecurityApi(base).spec(who).queryParam("aef-id", aef);
        if (invoker != null) {
            spec.queryParam("api-invoker-id", invoker);
        }
        return contract.check("GET", path, spec.get(path));
    }

    @Test
    void setWhenOperatorThenStoredListedToTheAefAndPublished() {
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS);
        Map<String, Object> policy = Map.of(
                "allowedTotalInvocations",
                100,
                "allowedInvocationsPerSecond",
                5,
                "allowedInvocationTimeRangeList",
                List.of(Map.of("startTime", "2020-01-01T00:00:00Z", "stopTime", "2099-01-01T00:00:00Z")));

        Response r = put(operator, i.id(), policy);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getString("apiInvokerId")).isEqualTo(i.id());

        Credential aef = org.capif.authz.Aefs.registered("aef-demo");
        Response listed = list(aef, "aef-demo", i.id());
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.jsonPath().getList("apiInvokerPolicies.apiInvokerId")).containsExactly(i.id());
        assertThat(listed.jsonPath().getInt("apiInvokerPolicies[0].allowedTotalInvocations"))
                .isEqualTo(100);

        String key = PolicyEvent.key(i.id(), "aef-demo", "api-qos");
        var records = TopicReader.readUntil(
                Invokers.bootstrap(), "capif.policy-events", Duration.ofSeconds(20), rs -> rs.stream()
                        .anyMatch(x -> key.equals(x.key())));
        PolicyEvent event = EventCodec.decode(
                records.stream()
                        .filter(x -> key.equals(x.key()))
                        .findFirst()
                        .orElseThrow()
                        .value(),
                PolicyEvent.class);
        assertThat(event.apiName()).isEqualTo("as-session-with-qos");
        assertThat(event.sequence()).isEqualTo(1);
        assertThat(event.policy().allowedInvocationsPerSecond()).isEqualTo(5);

        assertThat(new SecurityApi(base)
                        .spec(operator)
                        .delete("/capif-admin/v1/access-control-policies/aef-demo/api-qos/" + i.id())
                        .statusCode())
                .isEqualTo(204);
        assertThat(list(aef, "aef-demo", i.id()).jsonPath().getList("apiInvokerPolicies"))
                .isEmpty();
    }

    @Test
    void setWhenFirstPutsRaceThenEachAppliedInTurnAndNoneFails() throws Exception {
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS);
        int n = 6;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int k = 0; k < n; k++) {
                int total = 10 + k;
                statuses.add(pool.submit(() -> {
                    start.await();
                    return put(operator, i.id(), Map.of("allowedTotalInvocations", total))
                            .statusCode();
                }));
            }
            start.countDown();
            for (var status : statuses) {
                assertThat(status.get(30, java.util.concurrent.TimeUnit.SECONDS))
                        .isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(Invokers.sql().rows("select version from access_control_policy where api_invoker_id = ?", i.id()))
                .singleElement()
                .satisfies(row -> assertThat(row.get("version")).isEqualTo((long) n));
    }

    @Test
    void listWhenAefAsksAboutAnotherAefThenForbidden() {
        Credential other = org.capif.authz.Aefs.registered("aef-two");
        assertProblem(list(other, "aef-demo", null), 403, "RESOURCE_NOT_OWNED");
    }

    @Test
    void setWhenNotOperatorOrInvalidOrUnsubscribedThenRefused() {
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS);
        assertProblem(put(i.credential(), i.id(), Map.of("allowedTotalInvocations", 1)), 403, "ROLE_NOT_ALLOWED");
        assertProblem(
                put(operator, i.id(), Map.of("allowedTotalInvocations", -1)),
                400,
                "MANDATORY_IE_INCORRECT",
                "/allowedTotalInvocations");
        assertProblem(
                put(
                        operator,
                        i.id(),
                        Map.of(
                                "allowedInvocationTimeRangeList",
                                List.of(Map.of(
                                        "startTime", "2030-01-01T00:00:00Z", "stopTime", "2020-01-01T00:00:00Z")))),
                400,
                "MANDATORY_IE_INCORRECT");
        Invokers.Invoker unsubscribed = Invokers.onboard(Invokers.TRAFFIC);
        assertProblem(
                put(operator, unsubscribed.id(), Map.of("allowedTotalInvocations", 1)), 404, "API_NOT_SUBSCRIBED");
    }
}
