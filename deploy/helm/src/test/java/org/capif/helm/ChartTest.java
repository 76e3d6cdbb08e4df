package org.capif.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The chart lints strictly, renders secure workloads from complete values, and refuses incomplete ones clearly. */
class ChartTest {

    private static final Path CHART = Path.of("capif").toAbsolutePath();
    private static final Path VALUES = CHART.resolve("ci-values.yaml");

    private static String render() {
        return new Helm(CHART)
                .template()
                .withName("capif")
                .withValuesFile(VALUES)
                .call();
    }

    @Test
    void lintWhenStrictThenNoWarningsOrErrors() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void templateWhenDefaultValuesThenRefusedNamingTheFirstMissingSetting() {
        assertThatThrownBy(() -> new Helm(CHART).template().withName("capif").call())
                .hasMessageContaining("global.apiRoot is required")
                .hasMessageContaining("--set global.apiRoot=");
    }

    @Test
    void templateWhenCompleteValuesThenThreeHardenedDeploymentsWithTlsProbes() {
        String out = render();
        assertThat(out.split("kind: Deployment", -1)).hasSize(4);
        assertThat(out)
                .contains(
                        "name: capif-invoker-management",
                        "name: capif-authorization-function",
                        "name: capif-token-validator");
        assertThat(out)
                .contains(
                        "runAsNonRoot: true",
                        "readOnlyRootFilesystem: true",
                        "allowPrivilegeEscalation: false",
                        "type: RuntimeDefault",
                        "automountServiceAccountToken: false");
        assertThat(out).contains("scheme: HTTPS").contains("path: /q/health/ready");
        assertThat(out).contains("kind: NetworkPolicy").contains("kind: PodDisruptionBudget");
        assertThat(out).contains("capif.catalogue.apis[1].api-name=as-session-with-qos");
        assertThat(out).contains("capif.jwks.uri=https://capif-authorization-function:8443/.well-known/jwks.json");
        // the validator accepts exactly the lifetime the authorization function issues, whatever it is set to
        assertThat(out).contains("capif.token.lifetime=PT10M").contains("capif.token.max-lifetime=PT10M");
        assertThat(out).contains("capif.policy.replicas=3");
        assertThat(out).contains("kafka.security.protocol=SSL");
        assertThat(out).contains("name: QUARKUS_DATASOURCE_PASSWORD").doesNotContain("password=");
    }

    @Test
    void templateWhenSecretMissingThenFailureNamesTheSetThatFixesIt() {
        assertThatThrownBy(() -> new Helm(CHART)
                        .template()
                        .withName("capif")
                        .withValuesFile(VALUES)
                        .set("authorizationFunction.signingKeysSecret", "")
                        .call())
                .hasMessageContaining("authorizationFunction.signingKeysSecret is required")
                .hasMessageContaining("--set authorizationFunction.signingKeysSecret=");
    }

    @Test
    void templateWhenApiRootIsPlainHttpThenRefused() {
        assertThatThrownBy(() -> new Helm(CHART)
                        .template()
                        .withName("capif")
                        .withValuesFile(VALUES)
                        .set("global.apiRoot", "http://capif.example.com")
                        .call())
                .hasMessageContaining("must start with https://");
    }

    @Test
    void templateWhenUnknownKeyThenSchemaRefusesIt() {
        assertThatThrownBy(() -> new Helm(CHART)
                        .template()
                        .withName("capif")
                        .withValuesFile(VALUES)
                        .set("tokenValidator.replica", "2")
                        .call())
                .hasMessageContaining("replica");
    }
}
