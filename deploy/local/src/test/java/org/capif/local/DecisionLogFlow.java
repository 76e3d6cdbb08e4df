package org.capif.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.capif.common.cert.Pem;
import org.capif.common.cert.Thumbprints;

/**
 * Invocation logs made by the validator in the running stack (which logs every AEF's decisions): an invoker onboarded
 * through the CLI is allowed, then refused, at the demo AEF's validator, and the demo AMF's audit query
 * ({@code GET /logs/v1/apiInvocationLogs}) returns both, with the invoker, the API and the outcome, without the AEF
 * having posted anything.
 */
final class DecisionLogFlow {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunningStack stack;

    DecisionLogFlow(RunningStack stack) {
        this.stack = stack;
    }

    void run() throws Exception {
        String aefId = stack.env("CAPIF_AEF_ID");
        Path dir = stack.state().resolve("decision-log-invoker");
        // onboarding credentials are single-use (the stack's own was spent by an earlier flow): one of its own
        Path credential = stack.state().resolve("decision-log-invoker.jwt");
        RunningStack.Cli minted = stack.cli(
                "operator", "mint-credential", "--subject", "decision-log-invoker", "--out", credential.toString());
        assertThat(minted.exitCode()).as(minted.output()).isZero();
        RunningStack.Cli onboard = stack.cli(
                "invoker",
                "onboard",
                "--dir",
                dir.toString(),
                "--credential-file",
                credential.toString(),
                "--apis",
                "monitoring-event@" + aefId);
        assertThat(onboard.exitCode()).as(onboard.output()).isZero();
        RunningStack.Cli context = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            context = stack.cli("security", "create", "--dir", dir.toString(), "--aef", aefId, "--methods", "OAUTH");
            if (context.exitCode() == 0) {
                break;
            }
            Thread.sleep(200); // the authorization function learns of the invoker from Kafka
        }
        assertThat(context.exitCode()).as(context.output()).isZero();
        RunningStack.Cli token = stack.cli("token", "get", "--dir", dir.toString());
        assertThat(token.exitCode()).as(token.output()).isZero();
        String invokerId = Files.readString(dir.resolve("invoker.id")).strip();
        String accessToken = Files.readString(dir.resolve("token")).strip();
        String thumbprint = Thumbprints.x5tS256(Pem.certificate(Files.readString(dir.resolve("invoker.crt"))));

        Path ca = stack.path("CAPIF_CA_CERT");
        PlainHttps aef = PlainHttps.of(ca, stack.path("CAPIF_AEF_CERT"), stack.path("CAPIF_AEF_KEY"));
        assertThat(decide(aef, accessToken, "monitoring-event", thumbprint)).isEqualTo("ALLOW OK");
        assertThat(decide(aef, accessToken, "as-session-with-qos", thumbprint)).isEqualTo("DENY API_NOT_IN_SCOPE");

        PlainHttps amf = PlainHttps.of(ca, stack.path("CAPIF_AMF_CERT"), stack.path("CAPIF_AMF_KEY"));
        String audit = stack.env("CAPIF_EVENTS_URL") + "/logs/v1/apiInvocationLogs?aef-id="
                + URLEncoder.encode(aefId, StandardCharsets.UTF_8) + "&api-invoker-id="
                + URLEncoder.encode(invokerId, StandardCharsets.UTF_8);
        List<JsonNode> logs = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (logs.size() < 2 && System.nanoTime() < until) {
            HttpResponse<String> r = amf.send("GET", audit, null, null);
            logs.clear();
            if (r.statusCode() == 200) {
                // InvocationLogs: one InvocationLog per AEF and invoker, each with its Logs
                for (JsonNode log : JSON.readTree(r.body()).path("multipleInvocationLogs")) {
                    assertThat(log.path("aefId").asText()).isEqualTo(aefId);
                    assertThat(log.path("apiInvokerId").asText()).isEqualTo(invokerId);
                    log.path("logs").forEach(logs::add);
                }
                if (logs.size() < 2) {
                    Thread.sleep(200);
                }
            } else {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(404); // none stored yet
                Thread.sleep(200);
            }
        }
        assertThat(logs)
                .extracting(
                        l -> l.path("apiName").asText(),
                        l -> l.path("result").asText(),
                        l -> l.path("outputParameters").path("reason").asText())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("monitoring-event", "200", "OK"),
                        org.assertj.core.groups.Tuple.tuple("as-session-with-qos", "403", "API_NOT_IN_SCOPE"));
        assertThat(logs).allSatisfy(l -> assertThat(l.toString()).doesNotContain(accessToken));
    }

    private String decide(PlainHttps aef, String token, String api, String thumbprint) throws Exception {
        HttpResponse<String> r = aef.send(
                "POST",
                stack.env("CAPIF_VALIDATOR_URL") + "/token-validator/v1/decisions",
                "application/json",
                JSON.writeValueAsString(
                        Map.of("accessToken", token, "apiName", api, "clientCertThumbprint", thumbprint)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode d = JSON.readTree(r.body());
        return d.path("decision").asText() + " " + d.path("reason").asText();
    }
}
