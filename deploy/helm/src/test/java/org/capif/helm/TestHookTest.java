package org.capif.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.capif.helm.Flows.Endpoint;
import org.junit.jupiter.api.Test;

/**
 * The {@code helm test} pod can pass: its image is pinned by digest, it mounts the CAPIF CA certificate and nothing
 * else (no private key), it has resources, and the chart's own NetworkPolicies admit it to every port it calls.
 */
class TestHookTest {

    private static final Rendered CI = Helm.render().ci().objects();
    private static final Pattern URL = Pattern.compile("https://([a-z0-9.-]+):([0-9]+)(/q/health/ready)");

    private static Map<String, Object> testPod(Rendered r) {
        List<Map<String, Object>> pods = r.ofKind("Pod");
        assertThat(pods).hasSize(1);
        Map<String, Object> pod = pods.get(0);
        assertThat(Rendered.at(pod, "metadata.annotations.helm.sh/hook")).isEqualTo("test");
        return pod;
    }

    @Test
    void testPodWhenRenderedThenImagePinnedByDigestWithResourcesAndHardened() {
        Map<String, Object> pod = testPod(CI);
        assertThat(Rendered.at(pod, "spec.containers[0].image"))
                .isEqualTo("curlimages/curl@sha256:c1fe1679c34d9784c1b0d1e5f62ac0a79fca01fb6377cdd33e90473c6f9f9a69");
        assertThat(Rendered.map(pod, "spec.containers[0].resources.requests")).containsKeys("cpu", "memory");
        assertThat(Rendered.map(pod, "spec.containers[0].resources.limits")).containsKeys("cpu", "memory");
        assertThat(Rendered.at(pod, "spec.securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(Rendered.at(pod, "spec.containers[0].securityContext.readOnlyRootFilesystem"))
                .isEqualTo(true);
        assertThat(Rendered.at(pod, "spec.automountServiceAccountToken")).isEqualTo(false);
    }

    @Test
    void testPodWhenRenderedThenOnlyTheCaCertificateIsMounted() {
        for (Rendered r : List.of(CI, Helm.render().edge().objects())) {
            Map<String, Object> pod = testPod(r);
            List<Map<String, Object>> volumes = Rendered.list(pod, "spec.volumes");
            assertThat(volumes).hasSize(1);
            assertThat(Rendered.list(volumes.get(0), "secret.items"))
                    .as("the items projected from the Secret")
                    .containsExactly(Map.of("key", "ca.crt", "path", "ca.crt"));
            assertThat(Rendered.list(pod, "spec.containers[0].volumeMounts"))
                    .extracting(m -> m.get("mountPath"))
                    .containsExactly("/etc/capif/trust");
            assertThat((String) Rendered.at(pod, "spec.containers[0].args[0]"))
                    .contains("--cacert /etc/capif/trust/ca.crt")
                    .doesNotContain("--key", "--cert ", "tls.key");
        }
        assertThat(Rendered.at(testPod(Helm.render().edge().objects()), "spec.volumes[0].secret.secretName"))
                .as("tls.trustedCa.existingSecret")
                .isEqualTo("capif-root-ca");
    }

    @Test
    void testPodWhenItCallsEachServiceThenAServiceAndTheNetworkPolicyAdmitItThere() {
        for (Rendered r : List.of(CI, Helm.render().edge().objects())) {
            String script = (String) Rendered.at(testPod(r), "spec.containers[0].args[0]");
            Matcher m = URL.matcher(script);
            List<String> called = new ArrayList<>();
            while (m.find()) {
                String host = m.group(1);
                int port = Integer.parseInt(m.group(2));
                Map<String, Object> service = r.get("Service", host);
                assertThat(Rendered.list(service, "spec.ports"))
                        .anySatisfy(
                                p -> assertThat(p).containsEntry("port", port).containsEntry("name", "management"));
                String component =
                        (String) Rendered.map(service, "spec.selector").get("app.kubernetes.io/component");
                assertThat(Flows.ingressAllowed(
                                r, Endpoint.component("chart-test"), Endpoint.component(component), port))
                        .as("the NetworkPolicy of %s admits the test pod to %d", component, port)
                        .isTrue();
                called.add(component);
            }
            assertThat(called)
                    .containsExactlyInAnyOrderElementsOf(r.ofKind("Deployment").stream()
                            .map(d -> (String) Rendered.at(d, "metadata.labels.app.kubernetes.io/component"))
                            .toList());
        }
    }

    @Test
    void testPodWhenLabelledThenItIsThePeerThePoliciesName() {
        Map<String, Object> pod = testPod(CI);
        assertThat(Rendered.map(pod, "metadata.labels"))
                .containsEntry("app.kubernetes.io/component", "chart-test")
                .containsEntry("app.kubernetes.io/instance", Helm.RELEASE);
    }
}
