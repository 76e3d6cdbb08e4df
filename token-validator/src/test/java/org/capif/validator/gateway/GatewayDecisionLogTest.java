package org.capif.validator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.grpc.common.GrpcStatus;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.capif.testing.CapifTestResource;
import org.capif.testing.http.Https;
import org.capif.validator.World;
import org.capif.validator.log.DecisionLogTopic;
import org.junit.jupiter.api.Test;

/**
 * Gateway decisions are invocation logs too, whichever way the gateway asks (Envoy's gRPC Check, HTTP forward-auth):
 * for the listed AEF {@value Gateways#AEF}, the API found from the route, allowed or why not, the invoker, no token.
 */
@QuarkusTest
class GatewayDecisionLogTest {

    private static final String QOS_PATH = "/as-session-with-qos/v1/scs-1/subscriptions";

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void checkWhenEnvoyAsksThenAllowAndDenyAreLogged() throws Exception {
        World.Invoker invoker = Gateways.invoker();
        String token = Gateways.token(invoker, Gateways.QOS);
        try (EnvoyClient envoy = new EnvoyClient(base, Gateways.aef())) {
            // no API named (as Istio asks): the one published at the AEF with this route
            CheckResponse allowed = check(envoy, "GET", QOS_PATH, token, invoker);
            assertThat(allowed.hasOkResponse()).as(allowed.toString()).isTrue();
            CheckResponse refused = check(envoy, "POST", QOS_PATH + "/sub-1", token, invoker);
            assertThat(refused.hasDeniedResponse()).as(refused.toString()).isTrue();
        }
        List<DecisionLogTopic.Logged> logs = DecisionLogTopic.await(DecisionLogTopic.invoker(invoker.id()), 2);
        assertThat(logs)
                .extracting(
                        DecisionLogTopic.Logged::key,
                        l -> l.event().apiName(),
                        l -> l.event().allowed(),
                        l -> l.event().reason())
                .containsExactlyInAnyOrder(
                        tuple(Gateways.AEF, Gateways.QOS, true, "OK"),
                        tuple(Gateways.AEF, null, false, "ROUTE_NOT_PUBLISHED"));
        assertThat(logs).allSatisfy(l -> assertThat(l.value()).doesNotContain(token));
    }

    @Test
    void authorizeWhenForwardAuthAsksThenAllowAndDenyAreLogged() {
        World.Invoker invoker = Gateways.invoker();
        String token = Gateways.token(invoker, Gateways.QOS);
        String certificate = EnvoyClient.escapedPem(invoker.credential());
        Response allowed = forwardAuth(token, certificate, "GET", QOS_PATH);
        assertThat(allowed.statusCode()).as(allowed.asString()).isEqualTo(200);
        Response refused = forwardAuth(Gateways.token(invoker, Gateways.MONITORING), certificate, "GET", QOS_PATH);
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(403);

        List<DecisionLogTopic.Logged> logs = DecisionLogTopic.await(DecisionLogTopic.invoker(invoker.id()), 2);
        assertThat(logs)
                .extracting(l -> l.event().apiName(), l -> l.event().allowed(), l -> l.event()
                        .reason())
                .containsExactlyInAnyOrder(
                        tuple(Gateways.QOS, true, "OK"), tuple(Gateways.QOS, false, "API_NOT_IN_SCOPE"));
        assertThat(logs).allSatisfy(l -> assertThat(l.value())
                .doesNotContain(token)
                .doesNotContain(invoker.credential().thumbprint()));
    }

    private static CheckResponse check(
            EnvoyClient envoy, String method, String path, String token, World.Invoker invoker) throws Exception {
        EnvoyClient.Outcome o =
                envoy.check(EnvoyClient.request(method, path, "Bearer " + token, invoker.credential(), Map.of()));
        assertThat(o.status()).as(o.message()).isEqualTo(GrpcStatus.OK);
        return o.response();
    }

    private Response forwardAuth(String token, String certificate, String method, String uri) {
        return Https.as(CapifTestResource.pki(), base, Gateways.aef())
                .urlEncodingEnabled(false)
                .header("Authorization", "Bearer " + token)
                .header("X-Capif-Api-Name", Gateways.QOS)
                .header(ForwardedCertificates.CLIENT_CERT, certificate)
                .header("X-Forwarded-Method", method)
                .header("X-Forwarded-Uri", uri)
                .get(ForwardAuthRoutes.PREFIX);
    }
}
