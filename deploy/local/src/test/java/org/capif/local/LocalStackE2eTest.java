package org.capif.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.capif.common.cert.KeyPairs;
import org.capif.common.cert.Pem;
import org.capif.common.cert.Thumbprints;
import org.capif.common.datastore.CapifService;
import org.capif.testing.edge.TlsProbes;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole CAPIF core across its real processes (three services, PostgreSQL, Kafka), started as the README says: the
 * seed procedure of TR 23.722 through the CLI and through plain HTTPS, revocation reaching the validator within 1 s,
 * datastores that refuse anybody without TLS and the right credentials, secrets on no command line, management ports
 * serving metrics to the monitoring certificate of endpoints.env only, no port accepting a client-initiated
 * renegotiation, and a clean stop that leaves no process behind.
 */
class LocalStackE2eTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The demo AEF the local stack registers at first start (its id is assigned by CAPIF). */
    private static String aef() {
        return stack.env("CAPIF_AEF_ID");
    }

    /** The ids CAPIF assigned to the two demo APIs when the local stack published them. */
    private static String qos() {
        return stack.env("CAPIF_QOS_API_ID");
    }

    private static String monitoring() {
        return stack.env("CAPIF_MONITORING_EVENT_API_ID");
    }

    private static RunningStack stack;
    private static PlainHttps aefClient;

    @BeforeAll
    static void start() throws Exception {
        stack = RunningStack.start(1000 + ThreadLocalRandom.current().nextInt(0, 40) * 10, "--front", "--sdk-compat");
    }

    @AfterAll
    static void stopThenNothingIsLeft() throws Exception {
        if (stack == null) {
            return;
        }
        stack.close();
        assertThat(ProcessHandle.of(stack.launcherPid())
                        .map(ProcessHandle::isAlive)
                        .orElse(false))
                .isFalse();
        for (long pid : stack.servicePids()) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("service process %d", pid)
                    .isFalse();
        }
        assertThat(stack.leftovers()).as("processes of the stack still running").isEmpty();
        assertThat(stack.pidFileLeftAfterStop()).isFalse();
    }

    @Test
    void seedProcedureThroughTheCliThenAllowedThenOffboardedAndDeniedWithinOneSecond() throws Exception {
        Path dir = stack.state().resolve("cli-invoker");
        RunningStack.Cli onboard = stack.cli(
                "invoker",
                "onboard",
                "--dir",
                dir.toString(),
                "--apis",
                "monitoring-event@" + aef() + ",as-session-with-qos@" + aef());
        assertThat(onboard.exitCode()).as(onboard.output()).isZero();
        assertThat(onboard.output()).contains("onboarded API invoker").contains("subscribed:  " + qos());

        RunningStack.Cli context = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            context = stack.cli("security", "create", "--dir", dir.toString(), "--aef", aef(), "--methods", "OAUTH");
            if (context.exitCode() == 0) {
                break;
            }
        }
        assertThat(context.exitCode()).as(context.output()).isZero();
        assertThat(context.output()).contains(aef() + " / " + monitoring() + ": OAUTH");

        RunningStack.Cli token = stack.cli("token", "get", "--dir", dir.toString(), "--claims");
        assertThat(token.exitCode()).as(token.output()).isZero();
        assertThat(token.output()).contains("\"cnf\":{\"x5t#S256\"").contains("scope:  3gpp#" + aef() + ":");

        RunningStack.Cli allow =
                stack.cli("validator", "decide", "--invoker-dir", dir.toString(), "--api", "monitoring-event");
        assertThat(allow.exitCode()).as(allow.output()).isZero();
        assertThat(allow.output()).startsWith("ALLOW OK");

        String invokerToken = Files.readString(dir.resolve("token")).strip();
        String thumbprint = Thumbprints.x5tS256(Pem.certificate(Files.readString(dir.resolve("invoker.crt"))));
        assertThat(decide(invokerToken, "monitoring-event", thumbprint)
                        .path("decision")
                        .asText())
                .isEqualTo("ALLOW");
        RunningStack.Cli offboard = stack.cli("invoker", "offboard", "--dir", dir.toString());
        long offboarded = System.nanoTime();
        assertThat(offboard.exitCode()).as(offboard.output()).isZero();
        Duration denied = awaitDecision(invokerToken, "monitoring-event", thumbprint, "INVOKER_OFFBOARDED", offboarded);
        assertThat(denied).isLessThan(Duration.ofSeconds(1));
        RunningStack.Cli deny =
                stack.cli("validator", "decide", "--invoker-dir", dir.toString(), "--api", "monitoring-event");
        assertThat(deny.exitCode()).isEqualTo(1);
        assertThat(deny.output()).startsWith("DENY INVOKER_OFFBOARDED");
    }

    @Test
    void seedProcedureOverPlainHttpsThenTokenVerifiesAgainstJwksWithExactlyTheClaims() throws Exception {
        PlainHttps operator = PlainHttps.of(
                stack.path("CAPIF_CA_CERT"), stack.path("CAPIF_OPERATOR_CERT"), stack.path("CAPIF_OPERATOR_KEY"));
        String im = stack.env("CAPIF_INVOKER_MANAGEMENT_URL");
        String af = stack.env("CAPIF_SECURITY_URL");
        HttpResponse<String> minted = operator.send(
                "POST",
                im + "/capif-admin/v1/onboarding-credentials",
                "application/json",
                "{\"subject\":\"e2e-https\"}");
        assertThat(minted.statusCode()).isEqualTo(201);
        String credential = JSON.readTree(minted.body()).path("credential").asText();

        KeyPair keys = KeyPairs.ecP256();
        String csr = Pem.encode(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=e2e"), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        String enrolment = JSON.writeValueAsString(Map.of(
                "notificationDestination", "https://invoker.example.com/cb",
                "onboardingInformation", Map.of("apiInvokerPublicKey", csr),
                "apiList",
                        Map.of(
                                "serviceAPIDescriptions",
                                java.util.List.of(Map.of("apiName", "as-session-with-qos", "apiId", qos())))));
        HttpResponse<String> onboarded = PlainHttps.of(stack.path("CAPIF_CA_CERT"), null, null)
                .send(
                        "POST",
                        im + "/api-invoker-management/v1/onboardedInvokers",
                        "application/json",
                        enrolment,
                        "Authorization",
                        "Bearer " + credential);
        assertThat(onboarded.statusCode()).as(onboarded.body()).isEqualTo(201);
        JsonNode details = JSON.readTree(onboarded.body());
        String id = details.path("apiInvokerId").asText();
        Path dir = Files.createDirectories(stack.state().resolve("https-invoker"));
        Files.writeString(
                dir.resolve("invoker.crt"),
                details.path("onboardingInformation")
                        .path("apiInvokerCertificate")
                        .asText());
        Files.writeString(dir.resolve("invoker.key"), Pem.encode(keys.getPrivate()));
        PlainHttps invoker =
                PlainHttps.of(stack.path("CAPIF_CA_CERT"), dir.resolve("invoker.crt"), dir.resolve("invoker.key"));
        String thumbprint = Thumbprints.x5tS256(Pem.certificate(Files.readString(dir.resolve("invoker.crt"))));

        String context = "{\"notificationDestination\":\"https://invoker.example.com/cb\",\"securityInfo\":["
                + "{\"aefId\":\"" + aef() + "\",\"apiId\":\"" + qos() + "\",\"prefSecurityMethods\":[\"OAUTH\"]}]}";
        HttpResponse<String> put = null;
        for (int attempt = 0; attempt < 200; attempt++) {
            put = invoker.send("PUT", af + "/capif-security/v1/trustedInvokers/" + id, "application/json", context);
            if (put.statusCode() == 201) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

        long before = Instant.now().getEpochSecond();
        HttpResponse<String> token = invoker.send(
                "POST",
                af + "/capif-security/v1/securities/" + id + "/token",
                "application/x-www-form-urlencoded",
                "grant_type=client_credentials&client_id=" + id + "&scope=3gpp%23" + aef() + "%3Aas-session-with-qos");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String accessToken = JSON.readTree(token.body()).path("access_token").asText();
        String jwks =
                invoker.send("GET", af + "/.well-known/jwks.json", null, null).body();

        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setPublicKeyContent(jwks);
        info.setIssuedBy(stack.env("CAPIF_TOKEN_ISSUER"));
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.ES256));
        JsonWebToken jwt = new DefaultJWTParser(info).parse(accessToken);
        assertThat(jwt.getClaimNames())
                .containsExactlyInAnyOrder(
                        "iss", "sub", "client_id", "aud", "scope", "iat", "exp", "jti", "cnf", "raw_token");
        assertThat(jwt.getSubject()).isEqualTo(id);
        assertThat(jwt.<Object>getClaim("client_id").toString()).contains(id);
        assertThat(jwt.getAudience()).containsExactly(aef());
        assertThat(jwt.<Object>getClaim("scope").toString()).contains("3gpp#" + aef() + ":as-session-with-qos");
        assertThat(jwt.getIssuedAtTime()).isBetween(before - 1, before + 5);
        assertThat(jwt.getExpirationTime()).isEqualTo(jwt.getIssuedAtTime() + 600);
        assertThat(((Map<?, ?>) jwt.getClaim("cnf")).get("x5t#S256")).isEqualTo(thumbprint);

        assertThat(decide(accessToken, "as-session-with-qos", thumbprint)
                        .path("decision")
                        .asText())
                .isEqualTo("ALLOW");
        // the AEF revokes through the validator (AEF_Security_API); the validator forwards it to the AF
        PlainHttps aef =
                PlainHttps.of(stack.path("CAPIF_CA_CERT"), stack.path("CAPIF_AEF_CERT"), stack.path("CAPIF_AEF_KEY"));
        HttpResponse<String> revoked = aef.send(
                "POST",
                stack.env("CAPIF_VALIDATOR_URL") + "/aef-security/v1/revoke-authorization",
                "application/json",
                "{\"revokeInfo\":{\"apiInvokerId\":\"" + id + "\",\"apiIds\":[\"" + qos()
                        + "\"],\"cause\":\"UNEXPECTED_REASON\"},\"supportedFeatures\":\"0\"}");
        long at = System.nanoTime();
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(awaitDecision(accessToken, "as-session-with-qos", thumbprint, "AUTHORIZATION_REVOKED", at))
                .isLessThan(Duration.ofSeconds(1));
        HttpResponse<String> refused = invoker.send(
                "POST",
                af + "/capif-security/v1/securities/" + id + "/token",
                "application/x-www-form-urlencoded",
                "grant_type=client_credentials&client_id=" + id + "&scope=3gpp%23" + aef() + "%3Aas-session-with-qos");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        // the AF learned of it through the forward, and the revocation stands until the AEF grants again
        assertThat(JSON.readTree(refused.body()).path("error").asText()).isEqualTo("invalid_scope");
        assertThat(JSON.readTree(refused.body()).path("error_description").asText())
                .startsWith("AUTHORIZATION_REVOKED: ");
    }

    @Test
    void providerFlowWhenRegisteredPublishedAndGrantedThenAllowedUntilUnpublishedAndDeregistered() throws Exception {
        new ProviderFlow(stack).run();
    }

    @Test
    void eventsWhenTheAefSubscribesThenItsCallbackHearsPublicationAndWithdrawalInOrder() throws Exception {
        new EventsFlow(stack).run();
    }

    @Test
    void decisionLogsWhenTheValidatorDecidesThenTheAmfsAuditShowsEachDecision() throws Exception {
        new DecisionLogFlow(stack).run();
    }

    @Test
    void eventsCliWhenSubscribingListingAndUnsubscribingThenNotifiedUntilRemovedAndRefusalsExitThree()
            throws Exception {
        new EventsCliFlow(stack).subscriptions();
    }

    @Test
    void auditCliWhenLogsPostedThenFilteredPagedAndRefusedOutsideTheDomain() throws Exception {
        new EventsCliFlow(stack).audit();
    }

    @Test
    void sdkInvokerFlowWhenReplayedOnTheOneOriginFrontThenEveryStepAnswersWhatTheSdkReads() throws Exception {
        new SdkInvokerFlow(stack).run();
    }

    @Test
    void operatorWhenListingAndSettingPolicyThroughTheCliThenEnforced() throws Exception {
        Path dir = stack.state().resolve("policy-invoker");
        Path credential = stack.state().resolve("policy-credential.jwt");
        assertThat(stack.cli("operator", "mint-credential", "--subject", "policy", "--out", credential.toString())
                        .exitCode())
                .isZero();
        RunningStack.Cli onboard = stack.cli(
                "invoker",
                "onboard",
                "--dir",
                dir.toString(),
                "--credential-file",
                credential.toString(),
                "--apis",
                "monitoring-event@" + aef());
        assertThat(onboard.exitCode()).as(onboard.output()).isZero();
        String id = Files.readString(dir.resolve("invoker.id")).strip();
        assertThat(stack.cli("operator", "list-invokers").output()).contains(id);
        RunningStack.Cli context;
        do {
            context = stack.cli("security", "create", "--dir", dir.toString(), "--aef", aef());
        } while (context.exitCode() != 0 && context.output().contains("API_INVOKER_NOT_FOUND"));
        assertThat(context.exitCode()).as(context.output()).isZero();
        assertThat(stack.cli("token", "get", "--dir", dir.toString()).exitCode())
                .isZero();
        RunningStack.Cli policy = stack.cli(
                "operator", "set-policy", "--invoker", id, "--aef", aef(), "--api-id", monitoring(), "--total", "0");
        assertThat(policy.exitCode()).as(policy.output()).isZero();
        String token = Files.readString(dir.resolve("token")).strip();
        String thumbprint = Thumbprints.x5tS256(Pem.certificate(Files.readString(dir.resolve("invoker.crt"))));
        awaitDecision(token, "monitoring-event", thumbprint, "POLICY_TOTAL_EXCEEDED", System.nanoTime());
        RunningStack.Cli refused = stack.cli(
                "invoker",
                "onboard",
                "--dir",
                dir.resolve("again").toString(),
                "--credential-file",
                credential.toString());
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.output()).contains("CREDENTIAL_ALREADY_USED");
    }

    @Test
    void datastoresWhenReachedWithoutTlsOrCredentialsOrAsAnotherServiceThenRefused() throws Exception {
        StackDatastores d = new StackDatastores(stack);
        Map<String, String> secrets = d.secrets();
        String admin = secrets.get("postgres");
        assertThat(d.jdbc("postgres", d.verifiedTls(), "postgres", admin)).isNull();
        assertThat(d.jdbc("postgres", "?sslmode=disable", "postgres", admin)).hasMessageContaining("no encryption");
        assertThat(d.jdbc("postgres", d.verifiedTls(), "postgres", null)).hasMessageContaining("no password");
        assertThat(d.jdbc("postgres", d.verifiedTls(), "postgres", admin + "x"))
                .hasMessageContaining("password authentication failed");
        assertThat(d.jdbc("capif_invoker", d.verifiedTls(), "capif_validator", secrets.get("capif_validator")))
                .hasMessageContaining("permission denied for database");

        assertThat(d.describeCluster(d.asService(CapifService.TOKEN_VALIDATOR))).isNull();
        assertThat(d.describeCluster(Map.of("bootstrap.servers", d.bootstrap(), "security.protocol", "PLAINTEXT")))
                .isNotNull();
        Map<String, Object> noCertificate = new java.util.HashMap<>(d.asService(CapifService.TOKEN_VALIDATOR));
        noCertificate.keySet().removeIf(k -> k.startsWith("ssl.keystore."));
        assertThat(d.describeCluster(noCertificate))
                .isInstanceOf(org.apache.kafka.common.errors.SslAuthenticationException.class);
        assertThat(d.produce(d.asService(CapifService.TOKEN_VALIDATOR), "capif.token-revocations"))
                .isInstanceOf(org.apache.kafka.common.errors.AuthorizationException.class);
        assertThat(d.produce(d.asService(CapifService.INVOKER_MANAGEMENT), "capif.token-revocations"))
                .isInstanceOf(org.apache.kafka.common.errors.AuthorizationException.class);
    }

    @Test
    void serviceWhenConfiguredWithoutVerifiedTlsThenRefusesToStart() throws Exception {
        StackDatastores d = new StackDatastores(stack);
        long im = stack.servicePids().get(0);
        RunningStack.Cli weakDatabase = d.relaunch(
                im,
                "capif_invoker",
                Map.of(
                        "quarkus.datasource.jdbc.url",
                        "jdbc:postgresql://127.0.0.1:" + stack.ports().postgres() + "/capif_invoker?sslmode=require"));
        assertThat(weakDatabase.exitCode()).isNotZero();
        assertThat(weakDatabase.output())
                .contains("refusing to connect to PostgreSQL without verified TLS")
                .contains("may only repeat sslmode=verify-full, not require");
        RunningStack.Cli plaintextKafka =
                d.relaunch(im, "capif_invoker", Map.of("kafka.security.protocol", "PLAINTEXT"));
        assertThat(plaintextKafka.exitCode()).isNotZero();
        assertThat(plaintextKafka.output()).contains("kafka.security.protocol may not be set");
    }

    @Test
    void secretsWhenStackRunsThenOnNoCommandLineAndReadableByTheOwnerOnly() throws Exception {
        StackDatastores d = new StackDatastores(stack);
        Map<String, String> secrets = d.secrets();
        assertThat(secrets).containsKeys("postgres", "capif_invoker", "capif_authz", "capif_validator");
        for (String commandLine : StackDatastores.commandLines()) {
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                assertThat(commandLine).as(secret.getKey()).doesNotContain(secret.getValue());
            }
        }
        assertThat(Files.getPosixFilePermissions(stack.state().resolve("secrets.env")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(d.keyFiles()).hasSizeGreaterThan(5).allSatisfy(key -> assertThat(Files.getPosixFilePermissions(key))
                .isEqualTo(PosixFilePermissions.fromString("rw-------")));
        for (Path log : Files.list(stack.state().resolve("logs")).toList()) {
            String text = Files.readString(log);
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                assertThat(text).as(log + " / " + secret.getKey()).doesNotContain(secret.getValue());
            }
            assertThat(text).as(log.toString()).doesNotContain("PRIVATE KEY");
        }
    }

    @Test
    void managementPortsWhenMetricsThenOnlyForTheMonitoringCertificateAndNoPortRenegotiates() throws Exception {
        Path ca = stack.path("CAPIF_CA_CERT");
        PlainHttps anonymous = PlainHttps.of(ca, null, null);
        PlainHttps aef = PlainHttps.of(ca, stack.path("CAPIF_AEF_CERT"), stack.path("CAPIF_AEF_KEY"));
        PlainHttps monitoring =
                PlainHttps.of(ca, stack.path("CAPIF_MONITORING_CERT"), stack.path("CAPIF_MONITORING_KEY"));
        for (String port : stack.env("CAPIF_MANAGEMENT_PORTS").split(",")) {
            String base = "https://localhost:" + port;
            assertThat(anonymous
                            .send("GET", base + "/q/health/ready", null, null)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(anonymous.send("GET", base + "/q/metrics", null, null).statusCode())
                    .isEqualTo(401);
            assertThat(aef.send("GET", base + "/q/openapi", null, null).statusCode())
                    .isEqualTo(403);
            HttpResponse<String> metrics = monitoring.send("GET", base + "/q/metrics", null, null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("capif_").doesNotContain(System.getProperty("java.version"));
            TlsProbes.assertRenegotiationRefused(
                    Integer.parseInt(port),
                    ServiceProcess.mutual(ca, stack.path("CAPIF_MONITORING_CERT"), stack.path("CAPIF_MONITORING_KEY")));
        }
        for (String api : new String[] {"CAPIF_INVOKER_MANAGEMENT_URL", "CAPIF_SECURITY_URL", "CAPIF_VALIDATOR_URL"}) {
            TlsProbes.assertRenegotiationRefused(
                    java.net.URI.create(stack.env(api)).getPort(),
                    ServiceProcess.mutual(ca, stack.path("CAPIF_AEF_CERT"), stack.path("CAPIF_AEF_KEY")));
        }
    }

    private static JsonNode decide(String token, String api, String thumbprint) throws Exception {
        // one client (one kept-alive connection) for every decision, so that a latency measured across decisions is
        // the revocation's, not the cost of setting up TLS clients
        if (aefClient == null) {
            aefClient = PlainHttps.of(
                    stack.path("CAPIF_CA_CERT"), stack.path("CAPIF_AEF_CERT"), stack.path("CAPIF_AEF_KEY"));
        }
        PlainHttps aef = aefClient;
        String body = JSON.writeValueAsString(
                Map.of("accessToken", token, "apiName", api, "clientCertThumbprint", thumbprint));
        HttpResponse<String> r = aef.send(
                "POST", stack.env("CAPIF_VALIDATOR_URL") + "/token-validator/v1/decisions", "application/json", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Asks the validator until it answers the reason; returns the time since {@code fromNanos}. */
    private static Duration awaitDecision(String token, String api, String thumbprint, String reason, long fromNanos)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (reason.equals(decide(token, api, thumbprint).path("reason").asText())) {
                return RunningStack.since(fromNanos);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the validator never answered " + reason);
    }
}
