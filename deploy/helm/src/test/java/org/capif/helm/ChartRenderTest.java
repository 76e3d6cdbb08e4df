package org.capif.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.capif.helm.ChartTools.HelmCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real Helm 3 and Helm 4 CLIs lint the chart strictly and render it, hooks included, from the example and the
 * edge values; every rendered object is valid against the Kubernetes API schemas (and the CRDs' schemas).
 */
class ChartRenderTest {

    @ParameterizedTest
    @EnumSource(HelmCli.class)
    void helmVersionThenTheExpectedBinaryRuns(HelmCli cli) {
        Helm.Result r = Helm.run(cli, List.of("version", "--short"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).startsWith(cli.version);
    }

    @ParameterizedTest
    @EnumSource(HelmCli.class)
    void lintWhenStrictWithExampleAndEdgeValuesThenNoWarningOrError(HelmCli cli) {
        for (Helm values : List.of(Helm.render().ci(), Helm.render().edge())) {
            Helm.Result r = values.with(cli).lintStrict();
            assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
            assertThat(r.stdout()).contains("0 chart(s) failed").doesNotContain("[WARNING]", "[ERROR]");
        }
    }

    @ParameterizedTest
    @EnumSource(HelmCli.class)
    void templateWhenDefaultValuesThenRefusedNamingTheFirstMissingSetting(HelmCli cli) {
        // (helm lint only logs a template's fail; template and install refuse)
        assertThat(Helm.render().with(cli).failure())
                .contains("global.apiRoot is required")
                .contains("fix: --set global.apiRoot=https://capif.example.com");
    }

    @ParameterizedTest
    @EnumSource(HelmCli.class)
    void templateWhenExampleValuesThenEveryObjectIsValidAgainstTheApiSchemas(HelmCli cli) {
        Rendered r = Helm.render().with(cli).ci().objects();
        assertThat(r.ofKind("Deployment")).hasSize(5);
        assertThat(r.ofKind("Certificate")).hasSize(6);
        assertThat(r.ofKind("TLSRoute")).hasSize(4);
        assertThat(r.ofKind("ServiceMonitor")).hasSize(5);
        assertThat(r.ofKind("Pod")).as("the helm test hook").hasSize(1);
        assertThat(KubeSchemas.problems(r)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(HelmCli.class)
    void templateWhenEdgeValuesThenEveryObjectIsValidAgainstTheApiSchemas(HelmCli cli) {
        Rendered r = Helm.render().with(cli).edge().objects();
        assertThat(r.ofKind("Deployment")).hasSize(4);
        assertThat(r.ofKind("HorizontalPodAutoscaler")).hasSize(3);
        assertThat(r.ofKind("Ingress")).hasSize(3);
        assertThat(r.ofKind("Certificate")).isEmpty();
        assertThat(KubeSchemas.problems(r)).isEmpty();
    }

    @Test
    void templateWhenHelm3AndHelm4ThenTheSameObjects() {
        assertThat(Helm.render().with(HelmCli.HELM4).ci().objects())
                .isEqualTo(Helm.render().with(HelmCli.HELM3).ci().objects());
        assertThat(Helm.render().with(HelmCli.HELM4).edge().objects())
                .isEqualTo(Helm.render().with(HelmCli.HELM3).edge().objects());
    }

    @Test
    void schemaCheckWhenUnknownFieldOrWrongTypeThenBothCheckersReportIt() {
        Rendered ok = Helm.render().ci().objects();
        Map<String, Object> deployment = deepCopy(ok.component("Deployment", "token-validator"));
        Map<String, Object> container =
                Rendered.list(deployment, "spec.template.spec.containers").get(0);
        container.put("imagePullPolcy", "Always");
        Map<String, Object> service = deepCopy(ok.component("Service", "token-validator"));
        Rendered.list(service, "spec.ports").get(0).put("port", "eight");

        assertThat(KubeSchemas.clientJava(deployment)).contains("imagePullPolcy");
        assertThat(KubeSchemas.kubernetesModels(new Rendered(List.of(service)))
                        .get(0)
                        .get("error"))
                .asString()
                .contains("port");
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return (T) copy;
        }
        if (o instanceof List<?> l) {
            return (T) new java.util.ArrayList<>(
                    l.stream().map(ChartRenderTest::deepCopy).toList());
        }
        return o;
    }
}
