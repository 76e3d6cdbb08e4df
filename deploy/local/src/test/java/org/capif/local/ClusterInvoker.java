package org.capif.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.capif.common.cert.Pem;
import org.capif.common.cert.Thumbprints;

/**
 * An API invoker of the replica tests, onboarded with the {@code capif} CLI at a chosen invoker management URL (one
 * replica, or the balancer), then speaking plain HTTPS with its own certificate to whichever replica a test names,
 * for the demo AEF's {@code monitoring-event} API.
 */
final class ClusterInvoker {

    static final String API = DemoProvider.MONITORING;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunningStack stack;
    private final String id;
    private final String thumbprint;
    private final PlainHttps https;
    private final Path dir;

    private ClusterInvoker(RunningStack stack, String id, String thumbprint, PlainHttps https, Path dir) {
        this.stack = stack;
        this.dir = dir;
        this.id = id;
        this.thumbprint = thumbprint;
        this.https = https;
    }

    /** Onboards a new invoker through {@code invokerManagementUrl} (the CLI's {@code invoker onboard}). */
    static ClusterInvoker onboard(RunningStack stack, String name, String invokerManagementUrl) throws Exception {
        Path dir = stack.state().resolve("invokers").resolve(name);
        Path credential =
                Files.createDirectories(stack.state().resolve("invokers")).resolve(name + ".jwt");
        // onboarding credentials are single-use: one per invoker
        RunningStack.Cli minted =
                stack.cli("operator", "mint-credential", "--subject", name, "--out", credential.toString());
        assertThat(minted.exitCode()).as(minted.output()).isZero();
        RunningStack.Cli onboard = stack.cli(
                Map.of("CAPIF_INVOKER_MANAGEMENT_URL", invokerManagementUrl),
                "invoker",
                "onboard",
                "--dir",
                dir.toString(),
                "--credential-file",
                credential.toString(),
                "--apis",
                API + "@" + stack.env("CAPIF_AEF_ID"));
        assertThat(onboard.exitCode()).as(onboard.output()).isZero();
        String id = Files.readString(dir.resolve("invoker.id")).strip();
        String thumbprint = Thumbprints.x5tS256(Pem.certificate(Files.readString(dir.resolve("invoker.crt"))));
        return new ClusterInvoker(
                stack,
                id,
                thumbprint,
                PlainHttps.of(stack.path("CAPIF_CA_CERT"), dir.resolve("invoker.crt"), dir.resolve("invoker.key")),
                dir);
    }

    /** TLS presenting the invoker's certificate. */
    javax.net.ssl.SSLContext tls() {
        return ServiceProcess.mutual(
                stack.path("CAPIF_CA_CERT"), dir.resolve("invoker.crt"), dir.resolve("invoker.key"));
    }

    /** The path of a discovery request for this invoker's APIs. */
    String discoveryPath() {
        return "/service-apis/v1/allServiceAPIs?api-invoker-id=" + id;
    }

    /** The path and form of a token request for the API. */
    String tokenPath() {
        return "/capif-security/v1/securities/" + id + "/token";
    }

    String tokenForm() {
        return "grant_type=client_credentials&client_id=" + id + "&scope=3gpp%23" + stack.env("CAPIF_AEF_ID") + "%3A"
                + API;
    }

    String id() {
        return id;
    }

    String thumbprint() {
        return thumbprint;
    }

    /** Discovery of the invoker's APIs at one invoker management replica. */
    HttpResponse<String> discover(String invokerManagementUrl) throws Exception {
        return https.send("GET", invokerManagementUrl + discoveryPath(), null, null);
    }

    /**
     * Creates the security context (OAUTH for the API) at an authorization function URL; waits (up to 60 s) while
     * the authorization function does not know the invoker yet: it learns of it from Kafka, in milliseconds, but up to
     * the consumer group's session timeout (10 s) later if the replica that held the invoker's partition was killed.
     */
    HttpResponse<String> createContext(String authorizationFunctionUrl) throws Exception {
        String aef = stack.env("CAPIF_AEF_ID");
        String body = "{\"notificationDestination\":\"https://invoker.example.com/cb\",\"securityInfo\":[{\"aefId\":\""
                + aef + "\",\"apiId\":\"" + stack.env("CAPIF_MONITORING_EVENT_API_ID")
                + "\",\"prefSecurityMethods\":[\"OAUTH\"]}]}";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> put;
        do {
            put = https.send("PUT", context(authorizationFunctionUrl), "application/json", body);
            if (put.statusCode() != 403 || !put.body().contains("API_INVOKER_NOT_FOUND")) {
                return put;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return put;
    }

    HttpResponse<String> readContext(String authorizationFunctionUrl) throws Exception {
        return https.send("GET", context(authorizationFunctionUrl), null, null);
    }

    private String context(String authorizationFunctionUrl) {
        return authorizationFunctionUrl + "/capif-security/v1/trustedInvokers/" + id;
    }

    /** An access token for the API from an authorization function URL (asserted 200). */
    String token(String authorizationFunctionUrl) throws Exception {
        HttpResponse<String> r = https.send(
                "POST", authorizationFunctionUrl + tokenPath(), "application/x-www-form-urlencoded", tokenForm());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    /** The body of a decision request of the demo AEF for this invoker's token. */
    String decisionBody(String token) throws Exception {
        return JSON.writeValueAsString(
                Map.of("accessToken", token, "apiName", API, "clientCertThumbprint", thumbprint));
    }

    static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }
}
