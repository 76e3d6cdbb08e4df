package org.capif.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.capif.helm.Flows.egressAllowed;
import static org.capif.helm.Flows.ingressAllowed;

import java.util.List;
import java.util.Map;
import org.capif.helm.Flows.Endpoint;
import org.junit.jupiter.api.Test;

/**
 * The NetworkPolicies admit exactly the flows of the architecture (docs/deployment.md), evaluated as Kubernetes
 * evaluates them, with the example values (selectors) and the edge values (CIDRs).
 */
class NetworkPolicyTest {

    private static final Rendered CI = Helm.render().ci().objects();
    private static final Map<String, Integer> API = Map.of(
            "invoker-management",
            8443,
            "authorization-function",
            8444,
            "token-validator",
            8445,
            "provider-management",
            8446,
            "event-management",
            8447);
    private static final Map<String, Integer> MANAGEMENT = Map.of(
            "invoker-management",
            9443,
            "authorization-function",
            9444,
            "token-validator",
            9445,
            "provider-management",
            9446,
            "event-management",
            9447);

    private static final Endpoint GATEWAY = Endpoint.pod("gateways", Map.of("app.kubernetes.io/name", "capif-gateway"));
    private static final Endpoint OTHER_GATEWAY_POD = Endpoint.pod("gateways", Map.of("app", "something-else"));
    private static final Endpoint AEF = new Endpoint(
            "nef-1",
            Map.of("kubernetes.io/metadata.name", "nef-1", "capif.io/role", "aef"),
            Map.of("app", "nef"),
            null);
    private static final Endpoint AMF = new Endpoint(
            "provider-domain-1",
            Map.of("kubernetes.io/metadata.name", "provider-domain-1", "capif.io/role", "api-provider"),
            Map.of("app", "amf"),
            null);
    private static final Endpoint INVOKER = new Endpoint(
            "partner-app",
            Map.of("kubernetes.io/metadata.name", "partner-app", "capif.io/role", "invoker"),
            Map.of("app", "partner"),
            null);
    private static final Endpoint STRANGER = Endpoint.pod("default", Map.of("app", "anything"));
    private static final Endpoint PROMETHEUS = Endpoint.pod("monitoring", Map.of("app", "prometheus"));
    private static final Endpoint OPERATOR = Endpoint.pod("capif-operations", Map.of("app", "capif-cli"));
    private static final Endpoint TEST_POD = Endpoint.component("chart-test");

    private static Endpoint pod(String component) {
        return Endpoint.component(component);
    }

    @Test
    void policiesWhenRenderedThenOnePerComponentRestrictingIngressAndEgress() {
        assertThat(CI.ofKind("NetworkPolicy")).hasSize(5).allSatisfy(p -> assertThat(
                        Rendered.strings(p, "spec.policyTypes"))
                .containsExactlyInAnyOrder("Ingress", "Egress"));
    }

    @Test
    void exposedApisWhenCalledThroughTheGatewayThenAdmittedAndTheValidatorIsNot() {
        for (String c :
                List.of("invoker-management", "authorization-function", "provider-management", "event-management")) {
            assertThat(ingressAllowed(CI, GATEWAY, pod(c), API.get(c))).as(c).isTrue();
            assertThat(ingressAllowed(CI, OTHER_GATEWAY_POD, pod(c), API.get(c)))
                    .as(c)
                    .isFalse();
            assertThat(ingressAllowed(CI, STRANGER, pod(c), API.get(c))).as(c).isFalse();
        }
        assertThat(ingressAllowed(CI, GATEWAY, pod("token-validator"), 8445)).isFalse();
    }

    @Test
    void invokersWhenCallingDirectlyThenOnboardingDiscoveryTheAfAndEventsOnly() {
        // onboarding and discovery (GET /service-apis/v1/allServiceAPIs) are invoker-management's; tokens the AF's;
        // event subscriptions event-management's
        assertThat(ingressAllowed(CI, INVOKER, pod("event-management"), 8447)).isTrue();
        assertThat(ingressAllowed(CI, INVOKER, pod("invoker-management"), 8443)).isTrue();
        assertThat(ingressAllowed(CI, INVOKER, pod("authorization-function"), 8444))
                .isTrue();
        assertThat(ingressAllowed(CI, INVOKER, pod("provider-management"), 8446))
                .isFalse();
        assertThat(ingressAllowed(CI, INVOKER, pod("token-validator"), 8445)).isFalse();
    }

    @Test
    void providerFacingApisWhenCalledByAnAefAmfOrApfThenValidatorAfProviderAndEventManagementAdmitThem() {
        for (Endpoint provider : List.of(AEF, AMF)) {
            // subscriptions, AEFs' invocation logs, AMFs' audits
            assertThat(ingressAllowed(CI, provider, pod("event-management"), 8447))
                    .isTrue();
            assertThat(ingressAllowed(CI, provider, pod("token-validator"), 8445))
                    .isTrue();
            assertThat(ingressAllowed(CI, provider, pod("authorization-function"), 8444))
                    .isTrue();
            assertThat(ingressAllowed(CI, provider, pod("provider-management"), 8446))
                    .isTrue();
            assertThat(ingressAllowed(CI, provider, pod("invoker-management"), 8443))
                    .isFalse();
        }
        assertThat(ingressAllowed(CI, STRANGER, pod("token-validator"), 8445)).isFalse();
        assertThat(ingressAllowed(CI, STRANGER, pod("provider-management"), 8446))
                .isFalse();
        assertThat(ingressAllowed(CI, STRANGER, pod("event-management"), 8447)).isFalse();
    }

    @Test
    void sdkLoginWhenEnabledThenInvokersReachProviderManagementToo() {
        Rendered sdk = Helm.render()
                .ci()
                .set("providerManagement.sdkCompat.enabled", "true")
                .set("providerManagement.credentialSecret", "capif-onboarding-credential-keys")
                .objects();
        assertThat(ingressAllowed(sdk, INVOKER, pod("provider-management"), 8446))
                .isTrue();
        assertThat(ingressAllowed(sdk, INVOKER, pod("token-validator"), 8445)).isFalse();
        assertThat(sdk.properties("provider-management"))
                .containsEntry("capif.sdk-compat.enabled", "true")
                .containsEntry("capif.sdk-compat.onboarding-audience", "capif-invoker-management");
        assertThat(CI.properties("provider-management")).containsEntry("capif.sdk-compat.enabled", "false");
    }

    @Test
    void validatorGrpcPortWhenEnabledThenOpenToProvidersOnlyAndClosedByDefault() {
        Rendered grpc =
                Helm.render().ci().set("tokenValidator.grpc.enabled", "true").objects();
        assertThat(ingressAllowed(grpc, AEF, pod("token-validator"), 8447)).isTrue();
        assertThat(ingressAllowed(grpc, GATEWAY, pod("token-validator"), 8447)).isFalse();
        assertThat(ingressAllowed(grpc, INVOKER, pod("token-validator"), 8447)).isFalse();
        assertThat(Rendered.list(grpc.component("Service", "token-validator"), "spec.ports"))
                .anySatisfy(p -> assertThat(p).containsEntry("name", "grpc").containsEntry("port", 8447));
        assertThat(ingressAllowed(CI, AEF, pod("token-validator"), 8447)).isFalse();
        assertThat(Rendered.list(CI.component("Service", "token-validator"), "spec.ports"))
                .extracting(p -> p.get("name"))
                .containsExactly("api", "management");
    }

    @Test
    void operatorApisWhenCalledFromTheOperationsNamespaceThenAdmittedExceptTheValidator() {
        for (String c : List.of("invoker-management", "authorization-function", "provider-management")) {
            assertThat(ingressAllowed(CI, OPERATOR, pod(c), API.get(c))).as(c).isTrue();
        }
        assertThat(ingressAllowed(CI, OPERATOR, pod("token-validator"), 8445)).isFalse();
        // event-management has no operator API
        assertThat(ingressAllowed(CI, OPERATOR, pod("event-management"), 8447)).isFalse();
    }

    @Test
    void validatorWhenFetchingTheJwkSetThenItsEgressAndTheAfIngressAdmitItAndNobodyElseInside() {
        assertThat(egressAllowed(CI, pod("token-validator"), pod("authorization-function"), 8444, "TCP"))
                .isTrue();
        assertThat(ingressAllowed(CI, pod("token-validator"), pod("authorization-function"), 8444))
                .isTrue();
        assertThat(egressAllowed(CI, pod("invoker-management"), pod("authorization-function"), 8444, "TCP"))
                .isFalse();
        assertThat(ingressAllowed(CI, pod("invoker-management"), pod("token-validator"), 8445))
                .isFalse();
        assertThat(egressAllowed(CI, pod("token-validator"), pod("authorization-function"), 9444, "TCP"))
                .isFalse();
    }

    @Test
    void managementPortsWhenScrapedThenMonitoringAndTheTestPodOnly() {
        for (String c : API.keySet()) {
            assertThat(ingressAllowed(CI, PROMETHEUS, pod(c), MANAGEMENT.get(c)))
                    .as(c)
                    .isTrue();
            assertThat(ingressAllowed(CI, TEST_POD, pod(c), MANAGEMENT.get(c)))
                    .as(c)
                    .isTrue();
            assertThat(ingressAllowed(CI, GATEWAY, pod(c), MANAGEMENT.get(c)))
                    .as(c)
                    .isFalse();
            assertThat(ingressAllowed(CI, PROMETHEUS, pod(c), API.get(c))).as(c).isFalse();
            assertThat(ingressAllowed(CI, TEST_POD, pod(c), API.get(c))).as(c).isFalse();
        }
    }

    @Test
    void egressWhenEveryComponentThenDnsKafkaAndPostgresqlOnlyAndCallbacksForEventManagement() {
        Endpoint dns = new Endpoint(
                "kube-system",
                Map.of("kubernetes.io/metadata.name", "kube-system"),
                Map.of("k8s-app", "kube-dns"),
                null);
        Endpoint kafka = Endpoint.pod("kafka", Map.of("app", "broker"));
        Endpoint pg = Endpoint.pod("databases", Map.of("app", "postgres"));
        for (String c : API.keySet()) {
            assertThat(egressAllowed(CI, pod(c), dns, 53, "UDP")).as(c).isTrue();
            assertThat(egressAllowed(CI, pod(c), dns, 53, "TCP")).as(c).isTrue();
            assertThat(egressAllowed(CI, pod(c), kafka, 9093, "TCP")).as(c).isTrue();
            assertThat(egressAllowed(CI, pod(c), pg, 5432, "TCP")).as(c).isTrue();
            assertThat(egressAllowed(CI, pod(c), pg, 9093, "TCP")).as(c).isFalse();
            assertThat(egressAllowed(CI, pod(c), Endpoint.address("93.184.216.34"), 443, "TCP"))
                    .as(c)
                    .isEqualTo(c.equals("event-management"));
            assertThat(egressAllowed(CI, pod(c), STRANGER, 8080, "TCP")).as(c).isFalse();
        }
    }

    @Test
    void callbacksWhenEventManagementNotifiesThenPublicHttpsOnlyAndAllowListedNetworks() {
        Endpoint em = pod("event-management");
        assertThat(egressAllowed(CI, em, Endpoint.address("93.184.216.34"), 443, "TCP"))
                .isTrue();
        assertThat(egressAllowed(CI, em, Endpoint.address("2001:db8::1"), 443, "TCP"))
                .isTrue();
        assertThat(egressAllowed(CI, em, Endpoint.address("93.184.216.34"), 80, "TCP"))
                .isFalse();
        for (String internal : List.of(
                "10.1.2.3",
                "172.20.0.1",
                "192.168.1.1",
                "169.254.169.254",
                "127.0.0.1",
                "100.64.0.1",
                "fd00::1",
                "fe80::1",
                "::1")) {
            assertThat(egressAllowed(CI, em, Endpoint.address(internal), 443, "TCP"))
                    .as(internal)
                    .isFalse();
        }
        assertThat(egressAllowed(CI, em, STRANGER, 443, "TCP")).isFalse();
        assertThat(CI.properties("event-management"))
                .containsEntry("capif.callbacks.allow-http", "false")
                .doesNotContainKeys("capif.callbacks.allowed-networks", "capif.callbacks.trust-certs");
        // edge-values: callbacks.allowedNetworks are admitted on callbacks.egress.ports too, and written for the
        // service
        Rendered edge = Helm.render().edge().objects();
        assertThat(egressAllowed(edge, em, Endpoint.address("10.20.5.6"), 8443, "TCP"))
                .isTrue();
        assertThat(egressAllowed(edge, em, Endpoint.address("10.21.5.6"), 8443, "TCP"))
                .isFalse();
        assertThat(egressAllowed(edge, pod("invoker-management"), Endpoint.address("10.20.5.6"), 8443, "TCP"))
                .isFalse();
        assertThat(edge.properties("event-management"))
                .containsEntry("capif.callbacks.allowed-networks", "10.20.0.0/16,192.0.2.64/26")
                .containsEntry("capif.callbacks.trust-certs", "/etc/capif/callbacks/ca.crt");
    }

    @Test
    void callbacksWhenNoPeerIsGivenThenNoEgressRuleRatherThanOneToEverywhere() {
        Rendered none = Helm.render()
                .ci()
                .set("eventManagement.callbacks.egress.peers", "null")
                .objects();
        assertThat(egressAllowed(none, pod("event-management"), Endpoint.address("93.184.216.34"), 443, "TCP"))
                .isFalse();
        assertThat(Rendered.list(none.component("NetworkPolicy", "event-management"), "spec.egress"))
                .allSatisfy(rule -> assertThat(Rendered.list(rule, "to")).isNotEmpty());
    }

    @Test
    void sourcesWhenGivenAsCidrsThenOnlyThoseAddressesAndNotTheExceptions() {
        Rendered edge = Helm.render().edge().objects();
        assertThat(ingressAllowed(edge, Endpoint.address("198.51.100.7"), pod("invoker-management"), 8443))
                .isTrue();
        assertThat(ingressAllowed(edge, Endpoint.address("203.0.113.5"), pod("authorization-function"), 8444))
                .isTrue();
        assertThat(ingressAllowed(edge, Endpoint.address("203.0.113.200"), pod("invoker-management"), 8443))
                .isFalse();
        assertThat(ingressAllowed(edge, Endpoint.address("192.0.2.1"), pod("invoker-management"), 8443))
                .isFalse();
        Endpoint aefGateway = Endpoint.pod(Helm.NAMESPACE, Map.of("capif.io/role", "aef-gateway"));
        assertThat(ingressAllowed(edge, aefGateway, pod("token-validator"), 8445))
                .isTrue();
        assertThat(egressAllowed(edge, pod("token-validator"), Endpoint.address("192.0.2.3"), 9096, "TCP"))
                .isTrue();
        assertThat(egressAllowed(edge, pod("token-validator"), Endpoint.address("192.0.2.3"), 9093, "TCP"))
                .isFalse();
        assertThat(egressAllowed(edge, pod("invoker-management"), Endpoint.address("192.0.2.33"), 443, "TCP"))
                .as("networkPolicy.egress.extra")
                .isTrue();
        assertThat(ingressAllowed(edge, PROMETHEUS, pod("token-validator"), 9445))
                .as("networkPolicy.monitoring: []")
                .isFalse();
    }

    @Test
    void policiesWhenDisabledThenNoneRendered() {
        assertThat(Helm.render()
                        .ci()
                        .set("networkPolicy.enabled", "false")
                        .objects()
                        .ofKind("NetworkPolicy"))
                .isEmpty();
    }
}
