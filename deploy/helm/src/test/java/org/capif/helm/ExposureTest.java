package org.capif.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.capif.helm.ChartTools.HelmCli;
import org.junit.jupiter.api.Test;

/**
 * The APIs callers outside the cluster use (invoker-management and the authorization function for invokers,
 * provider-management for API provider domains) can be exposed with TLS passed through to the pods (Gateway API
 * TLSRoute, Ingress with TLS passthrough, or a LoadBalancer Service), so mutual TLS reaches the service; the validator
 * is never exposed.
 */
class ExposureTest {

    private static final Rendered CI = Helm.render().ci().objects();
    private static final Rendered EDGE = Helm.render().edge().objects();

    @Test
    void tlsRoutesWhenGatewayApiEnabledThenOnePerExposableServiceRoutedBySniToItsApiPort() {
        List<Map<String, Object>> routes = CI.ofKind("TLSRoute");
        assertThat(routes)
                .extracting(r -> Rendered.at(r, "metadata.name"))
                .containsExactlyInAnyOrder(
                        "capif-invoker-management",
                        "capif-authorization-function",
                        "capif-provider-management",
                        "capif-event-management");
        assertThat(Rendered.at(CI.get("TLSRoute", "capif-event-management"), "spec.rules[0].backendRefs[0]"))
                .isEqualTo(Map.of("name", "capif-event-management", "port", 8447));
        Map<String, Object> af = CI.get("TLSRoute", "capif-authorization-function");
        assertThat(af.get("apiVersion")).isEqualTo("gateway.networking.k8s.io/v1alpha2");
        assertThat(Rendered.at(af, "spec.hostnames")).isEqualTo(List.of("security.capif.example.com"));
        assertThat(Rendered.at(af, "spec.parentRefs"))
                .isEqualTo(List.of(
                        Map.of("name", "capif-gateway", "namespace", "gateways", "sectionName", "tls-passthrough")));
        assertThat(Rendered.at(af, "spec.rules[0].backendRefs[0]"))
                .isEqualTo(Map.of("name", "capif-authorization-function", "port", 8444));
        assertThat(Rendered.list(CI.get("Service", "capif-authorization-function"), "spec.ports"))
                .anySatisfy(p -> assertThat(p).containsEntry("port", 8444).containsEntry("name", "api"));
    }

    @Test
    void tlsRoutesWhenGatewayServesV1ThenRenderedAndValidInThatVersion() {
        Rendered r = Helm.render()
                .with(HelmCli.HELM4)
                .ci()
                .set("expose.gatewayApi.apiVersion", "gateway.networking.k8s.io/v1")
                .objects();
        assertThat(r.ofKind("TLSRoute")).hasSize(4).allSatisfy(t -> assertThat(t.get("apiVersion"))
                .isEqualTo("gateway.networking.k8s.io/v1"));
        assertThat(KubeSchemas.kubernetesModels(new Rendered(r.ofKind("TLSRoute"))))
                .allSatisfy(v -> assertThat(v.get("error")).isNull());
    }

    @Test
    void ingressWhenPassthroughEnabledThenHostRuleToTheApiPortWithThePassthroughAnnotation() {
        List<Map<String, Object>> ingresses = EDGE.ofKind("Ingress");
        assertThat(ingresses)
                .extracting(i -> Rendered.at(i, "metadata.name"))
                .containsExactlyInAnyOrder(
                        "capif-invoker-management", "capif-authorization-function", "capif-event-management");
        Map<String, Object> im = EDGE.get("Ingress", "capif-invoker-management");
        assertThat(Rendered.map(im, "metadata.annotations"))
                .containsEntry("nginx.ingress.kubernetes.io/ssl-passthrough", "true");
        assertThat(Rendered.at(im, "spec.ingressClassName")).isEqualTo("nginx-passthrough");
        assertThat(Rendered.at(im, "spec.rules[0].host")).isEqualTo("invokers.capif.example.net");
        assertThat(Rendered.at(im, "spec.rules[0].http.paths[0].backend.service"))
                .isEqualTo(Map.of("name", "capif-invoker-management", "port", Map.of("name", "api")));
        assertThat(Rendered.at(im, "spec.tls"))
                .as("TLS is not terminated at the controller")
                .isNull();
    }

    @Test
    void loadBalancerWhenEnabledThenOnlyTheApiPortWithSourceAddressesKept() {
        Map<String, Object> lb = EDGE.get("Service", "capif-invoker-management-public");
        assertThat(Rendered.at(lb, "spec.type")).isEqualTo("LoadBalancer");
        assertThat(Rendered.at(lb, "spec.externalTrafficPolicy")).isEqualTo("Local");
        assertThat(Rendered.at(lb, "spec.loadBalancerSourceRanges")).isEqualTo(List.of("198.51.100.0/24"));
        assertThat(Rendered.list(lb, "spec.ports"))
                .singleElement()
                .satisfies(p -> assertThat(p).containsEntry("port", 8443).containsEntry("targetPort", "api"));
        assertThat(Rendered.at(EDGE.get("Service", "capif-invoker-management"), "spec.type"))
                .isEqualTo("ClusterIP");
        assertThat(EDGE.find("Service", "capif-authorization-function-public")).isEmpty();
    }

    @Test
    void validatorWhenAnyExposureIsEnabledThenItStaysInternal() {
        for (Rendered r : List.of(CI, EDGE)) {
            assertThat(r.where(
                            o -> "token-validator".equals(Rendered.at(o, "metadata.labels.app.kubernetes.io/component"))
                                    && List.of("TLSRoute", "Ingress").contains(o.get("kind"))))
                    .isEmpty();
            assertThat(r.ofKind("Service"))
                    .filteredOn(s ->
                            "token-validator".equals(Rendered.at(s, "metadata.labels.app.kubernetes.io/component")))
                    .singleElement()
                    .satisfies(s -> assertThat(Rendered.at(s, "spec.type")).isEqualTo("ClusterIP"));
        }
        assertThat(Helm.render()
                        .ci()
                        .set("tokenValidator.loadBalancer.enabled", "true")
                        .failure())
                .contains("loadBalancer");
    }

    @Test
    void routesWhenAPublicHostIsMissingThenRefusedNamingIt() {
        assertThat(Helm.render().ci().set("providerManagement.publicHost", "").failure())
                .contains("providerManagement.publicHost is required")
                .contains("--set providerManagement.publicHost=provider-management.capif.example.com");
        assertThat(Helm.render().ci().set("eventManagement.publicHost", "").failure())
                .contains("eventManagement.publicHost is required");
    }

    @Test
    void certificatesWhenAServiceIsExposedThenItsPublicHostIsAmongItsDnsNames() {
        assertThat(Rendered.strings(CI.get("Certificate", "capif-invoker-management"), "spec.dnsNames"))
                .contains("invokers.capif.example.com");
        assertThat(Rendered.strings(CI.get("Certificate", "capif-event-management"), "spec.dnsNames"))
                .contains("events.capif.example.com", "capif-event-management.capif-core.svc");
    }
}
