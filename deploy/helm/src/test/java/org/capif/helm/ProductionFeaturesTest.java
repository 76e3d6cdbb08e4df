package org.capif.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.capif.common.datastore.KafkaAcls;
import org.capif.helm.ChartTools.HelmCli;
import org.junit.jupiter.api.Test;

/**
 * What operators expect of a chart they trust: per-service certificates, secure pod defaults, graceful shutdown,
 * spread, autoscaling, disruption budgets, service accounts without tokens, ServiceMonitors with a client
 * certificate, scheduling settings, labels and notes.
 */
class ProductionFeaturesTest {

    private static final Rendered CI = Helm.render().ci().objects();
    private static final Rendered EDGE = Helm.render().edge().objects();

    @Test
    void certificatesWhenCertManagerThenEachServiceItsOwnIdentityDnsNamesAndKafkaPrincipal() {
        for (String c : Rendered.COMPONENTS) {
            Map<String, Object> cert = CI.get("Certificate", "capif-" + c);
            // CN=<id>,OU=service is what the brokers' principal mapping rule turns into User:<id>
            assertThat(Rendered.at(cert, "spec.commonName")).isEqualTo(c);
            assertThat(Rendered.at(cert, "spec.subject.organizationalUnits")).isEqualTo(List.of("service"));
            assertThat("CN=" + c + ",OU=service").matches(principalRule());
            assertThat(Rendered.at(cert, "spec.uris")).isEqualTo(List.of("urn:capif:service:" + c));
            assertThat(Rendered.strings(cert, "spec.dnsNames"))
                    .contains(
                            "capif-" + c,
                            "capif-" + c + ".capif-core",
                            "capif-" + c + ".capif-core.svc",
                            "capif-" + c + ".capif-core.svc.cluster.local");
            assertThat(Rendered.strings(cert, "spec.usages")).contains("server auth", "client auth");
            assertThat(Rendered.at(cert, "spec.privateKey.encoding")).isEqualTo("PKCS8");
            assertThat(Rendered.at(cert, "spec.additionalOutputFormats")).isNull();
            assertThat(Rendered.at(cert, "spec.issuerRef"))
                    .isEqualTo(Map.of("name", "capif-ca", "kind", "ClusterIssuer", "group", "cert-manager.io"));
            assertThat(Rendered.at(cert, "spec.secretName")).isEqualTo("capif-" + c + "-tls");
        }
        assertThat(EDGE.ofKind("Certificate")).isEmpty();
        assertThat(Rendered.at(
                        Rendered.list(EDGE.component("Deployment", "token-validator"), "spec.template.spec.volumes")
                                .get(1),
                        "secret.secretName"))
                .isEqualTo("tv-tls");
    }

    /** The subject pattern of the brokers' principal mapping rule (RFC 2253 order: CN first). */
    private static String principalRule() {
        String rule = KafkaAcls.PRINCIPAL_MAPPING_RULES;
        return rule.substring("RULE:".length(), rule.indexOf('/'));
    }

    @Test
    void podsWhenRenderedThenNonRootReadOnlyNoCapabilitiesSeccompAndBoundedTmp() {
        for (Map<String, Object> d : CI.ofKind("Deployment")) {
            Map<String, Object> spec = Rendered.map(d, "spec.template.spec");
            assertThat(Rendered.at(spec, "securityContext.runAsNonRoot")).isEqualTo(true);
            assertThat(Rendered.at(spec, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
            assertThat(Rendered.at(spec, "automountServiceAccountToken")).isEqualTo(false);
            assertThat(Rendered.at(spec, "containers[0].securityContext.readOnlyRootFilesystem"))
                    .isEqualTo(true);
            assertThat(Rendered.at(spec, "containers[0].securityContext.allowPrivilegeEscalation"))
                    .isEqualTo(false);
            assertThat(Rendered.at(spec, "containers[0].securityContext.capabilities.drop"))
                    .isEqualTo(List.of("ALL"));
            assertThat(Rendered.list(spec, "volumes"))
                    .filteredOn(v -> "tmp".equals(v.get("name")))
                    .singleElement()
                    .satisfies(v ->
                            assertThat(Rendered.at(v, "emptyDir.sizeLimit")).isEqualTo("64Mi"));
            assertThat(Rendered.at(spec, "containers[0].readinessProbe.httpGet"))
                    .isEqualTo(Map.of("path", "/q/health/ready", "port", "management", "scheme", "HTTPS"));
        }
    }

    @Test
    void shutdownWhenStoppedThenPreStopAndQuarkusTimeoutFitInTheGracePeriod() {
        for (Rendered r : List.of(CI, EDGE)) {
            for (Map<String, Object> d : r.ofKind("Deployment")) {
                String c = (String) Rendered.at(d, "metadata.labels.app.kubernetes.io/component");
                int grace = (Integer) Rendered.at(d, "spec.template.spec.terminationGracePeriodSeconds");
                int preStop =
                        (Integer) Rendered.at(d, "spec.template.spec.containers[0].lifecycle.preStop.sleep.seconds");
                String timeout = r.properties(c).get("quarkus.shutdown.timeout");
                assertThat(timeout).endsWith("s");
                assertThat(grace).isGreaterThan(preStop + Integer.parseInt(timeout.substring(0, timeout.length() - 1)));
            }
        }
        assertThat(Helm.render()
                        .ci()
                        .set("pod.terminationGracePeriodSeconds", "20")
                        .failure())
                .contains("fix: --set pod.terminationGracePeriodSeconds=35");
    }

    @Test
    void spreadWhenRenderedThenOverZonesAndNodesPerComponent() {
        List<Map<String, Object>> tsc = Rendered.list(
                CI.component("Deployment", "token-validator"), "spec.template.spec.topologySpreadConstraints");
        assertThat(tsc)
                .extracting(t -> t.get("topologyKey"))
                .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        assertThat(Rendered.at(tsc.get(0), "labelSelector.matchLabels.app.kubernetes.io/component"))
                .isEqualTo("token-validator");
    }

    @Test
    void autoscalingWhenEnabledThenHpaOwnsReplicasAndRateLimitsUseMaxReplicas() {
        Map<String, Object> hpa = EDGE.get("HorizontalPodAutoscaler", "capif-token-validator");
        assertThat(Rendered.at(hpa, "spec.scaleTargetRef"))
                .isEqualTo(Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", "capif-token-validator"));
        assertThat(Rendered.at(hpa, "spec.minReplicas")).isEqualTo(3);
        assertThat(Rendered.at(hpa, "spec.maxReplicas")).isEqualTo(8);
        assertThat(Rendered.at(hpa, "spec.metrics[0].resource.target.averageUtilization"))
                .isEqualTo(60);
        assertThat(Rendered.at(EDGE.component("Deployment", "token-validator"), "spec.replicas"))
                .isNull();
        // per-second limits are shared through the validators' database, whatever the number of replicas (D16)
        assertThat(EDGE.properties("token-validator")).doesNotContainKey("capif.policy.replicas");
        assertThat(CI.ofKind("HorizontalPodAutoscaler")).isEmpty();
        assertThat(Rendered.at(CI.component("Deployment", "token-validator"), "spec.replicas"))
                .isEqualTo(3);
        assertThat(Helm.render()
                        .edge()
                        .set("tokenValidator.autoscaling.minReplicas", "9")
                        .failure())
                .contains("--set tokenValidator.autoscaling.maxReplicas=9");
    }

    @Test
    void disruptionBudgetsAndServiceAccountsWhenRenderedThenPerComponent() {
        assertThat(CI.ofKind("PodDisruptionBudget")).hasSize(5).allSatisfy(p -> assertThat(
                        Rendered.at(p, "spec.maxUnavailable"))
                .isEqualTo(1));
        assertThat(EDGE.find("PodDisruptionBudget", "capif-authorization-function"))
                .isEmpty();
        for (String c : Rendered.COMPONENTS) {
            Map<String, Object> sa = CI.get("ServiceAccount", "capif-" + c);
            assertThat(sa.get("automountServiceAccountToken")).isEqualTo(false);
            assertThat(Rendered.at(CI.component("Deployment", c), "spec.template.spec.serviceAccountName"))
                    .isEqualTo("capif-" + c);
        }
        assertThat(Rendered.map(EDGE.get("ServiceAccount", "capif-token-validator"), "metadata.annotations"))
                .containsEntry("example.com/role", "capif");
    }

    @Test
    void serviceMonitorsWhenEnabledThenHttpsWithAMonitoringClientCertificate() {
        Map<String, Object> sm = CI.get("ServiceMonitor", "capif-token-validator");
        Map<String, Object> endpoint = Rendered.list(sm, "spec.endpoints").get(0);
        assertThat(endpoint).containsEntry("port", "management").containsEntry("scheme", "https");
        assertThat(Rendered.at(endpoint, "tlsConfig.cert.secret"))
                .isEqualTo(Map.of("name", "capif-monitoring-client-tls", "key", "tls.crt"));
        assertThat(Rendered.at(endpoint, "tlsConfig.keySecret"))
                .isEqualTo(Map.of("name", "capif-monitoring-client-tls", "key", "tls.key"));
        assertThat(Rendered.at(endpoint, "tlsConfig.ca.secret"))
                .isEqualTo(Map.of("name", "capif-token-validator-tls", "key", "ca.crt"));
        assertThat(Rendered.at(endpoint, "tlsConfig.serverName")).isEqualTo("capif-token-validator.capif-core.svc");
        assertThat(Rendered.map(sm, "metadata.labels")).containsEntry("release", "prometheus");
        Map<String, Object> client = CI.get("Certificate", "capif-monitoring-client");
        assertThat(Rendered.at(client, "spec.uris")).isEqualTo(List.of("urn:capif:monitoring:prometheus"));
        assertThat(Rendered.at(client, "spec.subject.organizationalUnits")).isEqualTo(List.of("monitoring"));
        assertThat(Rendered.at(client, "spec.usages")).isEqualTo(List.of("client auth", "digital signature"));
        Map<String, Object> edge = Rendered.list(EDGE.get("ServiceMonitor", "capif-token-validator"), "spec.endpoints")
                .get(0);
        assertThat(Rendered.at(edge, "tlsConfig.keySecret.name")).isEqualTo("prometheus-capif-client");
        assertThat(Rendered.at(edge, "tlsConfig.ca.secret.name")).isEqualTo("capif-root-ca");
    }

    @Test
    void schedulingWhenSetGloballyOrPerComponentThenTheComponentsOwnWins() {
        Map<String, Object> im = Rendered.map(EDGE.component("Deployment", "invoker-management"), "spec.template");
        Map<String, Object> tv = Rendered.map(EDGE.component("Deployment", "token-validator"), "spec.template");
        assertThat(Rendered.at(im, "spec.priorityClassName")).isEqualTo("capif-onboarding");
        assertThat(Rendered.at(tv, "spec.priorityClassName")).isEqualTo("capif-critical");
        assertThat(Rendered.map(im, "metadata.annotations"))
                .containsEntry("only", "invoker-management")
                .doesNotContainKey("team");
        assertThat(Rendered.map(tv, "metadata.annotations"))
                .containsEntry("team", "core")
                .containsKey("checksum/config");
        assertThat(Rendered.at(tv, "spec.nodeSelector")).isEqualTo(Map.of("capif.io/pool", "core"));
        assertThat(Rendered.list(tv, "spec.tolerations"))
                .extracting(t -> t.get("key"))
                .containsExactly("dedicated");
        assertThat(Rendered.at(tv, "spec.affinity.nodeAffinity")).isNotNull();
        assertThat(Rendered.at(tv, "spec.imagePullSecrets")).isEqualTo(List.of(Map.of("name", "registry-login")));
        assertThat(Rendered.at(tv, "spec.containers[0].image"))
                .isEqualTo("registry.example.net/capif/token-validator@sha256:" + "0".repeat(63) + "3");
    }

    @Test
    void labelsWhenRenderedThenEveryObjectNamesItsComponent() {
        assertThat(CI.objects()).allSatisfy(o -> assertThat(Rendered.map(o, "metadata.labels"))
                .containsKeys("app.kubernetes.io/component", "app.kubernetes.io/instance", "app.kubernetes.io/name"));
        assertThat(Rendered.map(CI.component("Deployment", "provider-management"), "spec.selector.matchLabels"))
                .containsEntry("app.kubernetes.io/component", "provider-management");
    }

    @Test
    void notesWhenInstalledThenServicesTestCommandKafkaAlertAdviceAndTheSdkLoginWarning() {
        String notes = notes();
        assertThat(notes)
                .contains("https://capif-token-validator.capif-core.svc:8445")
                .contains("public: https://invokers.capif.example.com")
                .contains("public: https://providers.capif.example.com")
                .contains("helm test capif -n capif-core")
                .contains("capif_kafka_reachable")
                .doesNotContain("/getauth");
        assertThat(notes(
                        "--set",
                        "providerManagement.sdkCompat.enabled=true",
                        "--set",
                        "providerManagement.credentialSecret=capif-onboarding-credential-keys"))
                .contains("The OpenCAPIF SDK login (GET /getauth on provider-management) is ON");
    }

    private static String notes(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(
                "install",
                Helm.RELEASE,
                ChartTools.CHART.toString(),
                "-n",
                Helm.NAMESPACE,
                "-f",
                Helm.CI_VALUES.toString(),
                "--dry-run=client"));
        command.addAll(List.of(args));
        Helm.Result r = Helm.run(HelmCli.HELM4, command);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r.stdout().substring(r.stdout().indexOf("NOTES:"));
    }
}
