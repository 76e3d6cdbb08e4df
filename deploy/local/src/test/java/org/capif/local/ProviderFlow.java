package org.capif.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.capif.cli.ProviderDir;
import org.capif.common.cert.Pem;
import org.capif.common.cert.Thumbprints;

/**
 * The whole life of a service API across the real processes, through the standard APIs only (with the CLI): an
 * operator-minted registration credential, a provider domain registered, an API published, an invoker onboarded and
 * granted it, discovery, security context, token, an ALLOW at the validator; then unpublishing denies the live token
 * within 1 s and refuses new ones, and deregistering the domain makes the AEF's certificate useless at the validator and
 * at the security API.
 */
final class ProviderFlow {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PUBLISHED = Pattern.compile("published (api-[0-9a-f-]+) ");

    private final RunningStack stack;
    private final Path root;

    ProviderFlow(RunningStack stack) throws Exception {
        this.stack = stack;
        this.root = Files.createDirectories(stack.state().resolve("provider-flow-" + UUID.randomUUID()));
    }

    private RunningStack.Cli ok(String... args) throws Exception {
        RunningStack.Cli cli = stack.cli(args);
        assertThat(cli.exitCode())
                .as(String.join(" ", args) + "\n" + cli.output())
                .isZero();
        return cli;
    }

    /** Retries a CLI command that may fail for a moment, while an event travels, until it succeeds (20 s at most). */
    private RunningStack.Cli eventually(String... args) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        RunningStack.Cli cli;
        do {
            cli = stack.cli(args);
        } while (cli.exitCode() != 0 && System.nanoTime() < deadline);
        assertThat(cli.exitCode())
                .as(String.join(" ", args) + "\n" + cli.output())
                .isZero();
        return cli;
    }

    void run() throws Exception {
        Path registration = root.resolve("registration.jwt");
        ok(
                "operator",
                "mint-credential",
                "--for",
                "registration",
                "--subject",
                "e2e-provider",
                "--out",
                registration.toString());
        Path providerDir = root.resolve("provider");
        ok("provider", "register", "--dir", providerDir.toString(), "--credential-file", registration.toString());
        ProviderDir provider = new ProviderDir(providerDir);
        String aefId = provider.first("AEF").id();
        String name = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        RunningStack.Cli published = ok(
                "api",
                "publish",
                "--dir",
                providerDir.toString(),
                "--name",
                name,
                "--aef",
                "aef-1",
                "--methods",
                "OAUTH",
                "--fqdn",
                "localhost",
                "--resource",
                "items:/items/{id}:GET");
        Matcher m = PUBLISHED.matcher(published.output());
        assertThat(m.find()).as(published.output()).isTrue();
        String apiId = m.group(1);

        Path onboarding = root.resolve("onboarding.jwt");
        ok("operator", "mint-credential", "--subject", "e2e-invoker", "--out", onboarding.toString());
        Path invokerDir = root.resolve("invoker");
        RunningStack.Cli onboarded = eventually(
                "invoker",
                "onboard",
                "--dir",
                invokerDir.toString(),
                "--credential-file",
                onboarding.toString(),
                "--apis",
                name + "@" + aefId);
        assertThat(onboarded.output()).contains("subscribed:  " + apiId);
        assertThat(ok("invoker", "discover", "--dir", invokerDir.toString(), "--api-name", name)
                        .output())
                .contains(apiId)
                .contains("at " + aefId);
        eventually("security", "create", "--dir", invokerDir.toString(), "--aef", aefId, "--methods", "OAUTH");
        ok("token", "get", "--dir", invokerDir.toString());
        String token = Files.readString(invokerDir.resolve("token")).strip();
        String thumbprint = Thumbprints.x5tS256(Pem.certificate(Files.readString(invokerDir.resolve("invoker.crt"))));

        PlainHttps aef = PlainHttps.of(
                stack.path("CAPIF_CA_CERT"), providerDir.resolve("aef-1.crt"), providerDir.resolve("aef-1.key"));
        assertThat(decide(aef, token, name, thumbprint).path("decision").asText())
                .isEqualTo("ALLOW");

        ok("api", "unpublish", "--dir", providerDir.toString(), "--api-id", apiId);
        long unpublished = System.nanoTime();
        while (decide(aef, token, name, thumbprint).path("decision").asText().equals("ALLOW")) {
            assertThat(RunningStack.since(unpublished)).isLessThan(Duration.ofSeconds(5));
            Thread.sleep(10);
        }
        assertThat(RunningStack.since(unpublished)).isLessThan(Duration.ofSeconds(1));
        RunningStack.Cli refused = stack.cli("token", "get", "--dir", invokerDir.toString());
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(3);
        assertThat(refused.output()).contains("invalid_scope");

        ok("provider", "deregister", "--dir", providerDir.toString());
        long deregistered = System.nanoTime();
        HttpResponse<String> atValidator;
        do {
            atValidator = aef.send(
                    "POST",
                    stack.env("CAPIF_VALIDATOR_URL") + "/token-validator/v1/decisions",
                    "application/json",
                    JSON.writeValueAsString(
                            Map.of("accessToken", token, "apiName", name, "clientCertThumbprint", thumbprint)));
            assertThat(RunningStack.since(deregistered)).isLessThan(Duration.ofSeconds(5));
        } while (atValidator.statusCode() == 200);
        assertThat(atValidator.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(atValidator.body()).path("cause").asText()).isEqualTo("CLIENT_CERTIFICATE_INVALID");
        String invokerId = Files.readString(invokerDir.resolve("invoker.id")).strip();
        HttpResponse<String> atSecurity;
        do {
            atSecurity = aef.send(
                    "GET",
                    stack.env("CAPIF_SECURITY_URL") + "/capif-security/v1/trustedInvokers/" + invokerId,
                    null,
                    null);
            assertThat(RunningStack.since(deregistered)).isLessThan(Duration.ofSeconds(5));
        } while (atSecurity.statusCode() != 401);
        assertThat(JSON.readTree(atSecurity.body()).path("cause").asText()).isEqualTo("CLIENT_CERTIFICATE_INVALID");
    }

    private JsonNode decide(PlainHttps aef, String token, String api, String thumbprint) throws Exception {
        HttpResponse<String> r = aef.send(
                "POST",
                stack.env("CAPIF_VALIDATOR_URL") + "/token-validator/v1/decisions",
                "application/json",
                JSON.writeValueAsString(
                        Map.of("accessToken", token, "apiName", api, "clientCertThumbprint", thumbprint)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
