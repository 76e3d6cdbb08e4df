package org.capif.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.capif.cli.CliException;
import org.capif.cli.Http;
import org.capif.common.cert.KeyPairs;
import org.capif.common.cert.Pem;
import org.capif.common.cert.Thumbprints;
import org.capif.local.RunningStack;

/** Sets up invokers on the running stack over HTTPS, timing how soon an onboarding is usable for tokens. */
final class Fixture {

    /** An invoker with its files and how long after onboarding its first token request succeeded. */
    /**
     * An onboarded invoker with a first token.
     *
     * @param usableAfterNanos from the onboarding answer to the first token
     * @param grantedAtNanos {@link System#nanoTime()} when the onboarding was answered
     */
    record Invoker(String id, Path cert, Path key, String thumbprint, long usableAfterNanos, long grantedAtNanos) {}

    private final RunningStack stack;
    private final Path work;
    private final Http operator;
    private final Http anonymous;
    private int count;

    Fixture(RunningStack stack, Path work) {
        this.stack = stack;
        this.work = work;
        this.operator = Http.of(
                stack.path("CAPIF_CA_CERT"), stack.path("CAPIF_OPERATOR_CERT"), stack.path("CAPIF_OPERATOR_KEY"));
        this.anonymous = Http.of(stack.path("CAPIF_CA_CERT"), null, null);
    }

    /** Onboards an invoker for both demo APIs with an OAUTH security context, and gets it a first token. */
    Invoker invoker() throws Exception {
        return invoker(List.of(
                Map.of("apiName", "monitoring-event", "apiId", stack.env("CAPIF_MONITORING_EVENT_API_ID")),
                Map.of("apiName", "as-session-with-qos", "apiId", stack.env("CAPIF_QOS_API_ID"))));
    }

    /**
     * Onboards an invoker for one API that was just published, retrying the onboarding (with the same, unspent
     * credential) until invoker management knows the API, then as {@link #invoker()}.
     */
    Invoker invokerFor(String apiName, String apiId) throws Exception {
        return invoker(List.of(Map.of("apiName", apiName, "apiId", apiId)));
    }

    private Invoker invoker(List<Map<String, String>> apis) throws Exception {
        String credential = operator.json(
                        "POST",
                        stack.env("CAPIF_INVOKER_MANAGEMENT_URL") + "/capif-admin/v1/onboarding-credentials",
                        Map.of("subject", "bench"))
                .json()
                .path("credential")
                .asText();
        KeyPair keys = KeyPairs.ecP256();
        String csr = Pem.encode(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=bench"), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        Map<String, Object> enrolment = Map.of(
                "notificationDestination", "https://bench.example.com/cb",
                "onboardingInformation", Map.of("apiInvokerPublicKey", csr),
                "apiList", Map.of("serviceAPIDescriptions", apis));
        JsonNode details = retry(() -> anonymous
                .jsonWithBearer(
                        stack.env("CAPIF_INVOKER_MANAGEMENT_URL") + "/api-invoker-management/v1/onboardedInvokers",
                        enrolment,
                        credential)
                .json());
        long onboarded = System.nanoTime();
        String id = details.path("apiInvokerId").asText();
        Path dir = Files.createDirectories(work.resolve("invoker-" + count++));
        Path cert = dir.resolve("invoker.crt");
        Path key = dir.resolve("invoker.key");
        Files.writeString(
                cert,
                details.path("onboardingInformation")
                        .path("apiInvokerCertificate")
                        .asText());
        Files.writeString(key, Pem.encode(keys.getPrivate()));
        Http invoker = Http.of(stack.path("CAPIF_CA_CERT"), cert, key);
        Map<String, Object> context = Map.of(
                "notificationDestination",
                "https://bench.example.com/cb",
                "securityInfo",
                List.of(Map.of("aefId", stack.env("CAPIF_AEF_ID"), "prefSecurityMethods", List.of("OAUTH"))));
        retry(() -> invoker.json(
                "PUT", stack.env("CAPIF_SECURITY_URL") + "/capif-security/v1/trustedInvokers/" + id, context));
        retry(() -> token(invoker, id));
        return new Invoker(
                id,
                cert,
                key,
                Thumbprints.x5tS256(Pem.certificate(Files.readString(cert))),
                System.nanoTime() - onboarded,
                onboarded);
    }

    String token(Invoker i) {
        return token(Http.of(stack.path("CAPIF_CA_CERT"), i.cert(), i.key()), i.id());
    }

    private String token(Http invoker, String id) {
        return invoker.form(
                        stack.env("CAPIF_SECURITY_URL") + "/capif-security/v1/securities/" + id + "/token",
                        Map.of("grant_type", "client_credentials", "client_id", id))
                .json()
                .path("access_token")
                .asText();
    }

    /** One decision as the demo AEF. */
    String decide(Http aef, String token, String api, String thumbprint) {
        return aef.json(
                        "POST",
                        stack.env("CAPIF_VALIDATOR_URL") + "/token-validator/v1/decisions",
                        Map.of("accessToken", token, "apiName", api, "clientCertThumbprint", thumbprint))
                .json()
                .path("reason")
                .asText();
    }

    Http aef() {
        return Http.of(stack.path("CAPIF_CA_CERT"), stack.path("CAPIF_AEF_CERT"), stack.path("CAPIF_AEF_KEY"));
    }

    Http operator() {
        return operator;
    }

    /** Retries while the service does not know the invoker yet (the events are on their way). */
    private static <T> T retry(java.util.concurrent.Callable<T> call) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                return call.call();
            } catch (CliException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(2);
            }
        }
    }
}
