package org.capif.validator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The example configurations of deploy/gateway are what the docs say: the Envoy bootstrap parses against Envoy's own
 * protos (every field name and typed_config checked), sends ext_authz to the validator over gRPC with mutual TLS, never
 * fails open and names an API per route; the Istio objects wire a CUSTOM policy to an envoyExtAuthzGrpc provider that
 * never fails open. The NGINX site is rendered and run by {@link NginxGatewayTest}.
 */
class GatewayExamplesTest {

    private static final Path DIR = Path.of("..", "deploy", "gateway");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void envoyWhenParsedWithEnvoysProtosThenExtAuthzGrpcFailClosedWithThePeerCertificate() throws Exception {
        JsonFormat.TypeRegistry types = JsonFormat.TypeRegistry.newBuilder()
                .add(List.of(
                        HttpConnectionManager.getDescriptor(),
                        ExtAuthz.getDescriptor(),
                        ExtAuthzPerRoute.getDescriptor(),
                        Router.getDescriptor(),
                        DownstreamTlsContext.getDescriptor(),
                        UpstreamTlsContext.getDescriptor(),
                        HttpProtocolOptions.getDescriptor()))
                .build();
        String json = JSON.writeValueAsString(
                YAML.readTree(DIR.resolve("envoy/envoy.yaml").toFile()));
        Bootstrap.Builder bootstrap = Bootstrap.newBuilder();
        JsonFormat.parser().usingTypeRegistry(types).merge(json, bootstrap);

        var listener = bootstrap.getStaticResources().getListeners(0);
        var chain = listener.getFilterChains(0);
        assertThat(chain.getTransportSocket()
                        .getTypedConfig()
                        .unpack(DownstreamTlsContext.class)
                        .getRequireClientCertificate()
                        .getValue())
                .isTrue();
        HttpConnectionManager hcm = chain.getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class);
        ExtAuthz extAuthz = hcm.getHttpFilters(0).getTypedConfig().unpack(ExtAuthz.class);
        assertThat(extAuthz.getFailureModeAllow()).isFalse();
        assertThat(extAuthz.getIncludePeerCertificate()).isTrue();
        assertThat(extAuthz.getGrpcService().getEnvoyGrpc().getClusterName()).isEqualTo("capif_token_validator");
        var routes = hcm.getRouteConfig().getVirtualHosts(0).getRoutesList();
        List<Map<String, String>> contexts = new ArrayList<>();
        for (var route : routes) {
            ExtAuthzPerRoute perRoute = route.getTypedPerFilterConfigOrThrow("envoy.filters.http.ext_authz")
                    .unpack(ExtAuthzPerRoute.class);
            if (!perRoute.getDisabled()) {
                contexts.add(perRoute.getCheckSettings().getContextExtensionsMap());
            } else {
                assertThat(route.hasDirectResponse())
                        .as("only a direct response may skip the check")
                        .isTrue();
            }
        }
        assertThat(contexts).isNotEmpty().allSatisfy(c -> assertThat(c).containsKey("aef_id"));
        var validator = bootstrap.getStaticResources().getClustersList().stream()
                .filter(c -> c.getName().equals("capif_token_validator"))
                .findFirst()
                .orElseThrow();
        UpstreamTlsContext tls = validator.getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class);
        assertThat(tls.getCommonTlsContext().getTlsCertificatesCount()).isEqualTo(1);
        assertThat(tls.getCommonTlsContext().getValidationContext().hasTrustedCa())
                .isTrue();
        assertThat(validator
                        .getTypedExtensionProtocolOptionsOrThrow(
                                "envoy.extensions.upstreams.http.v3.HttpProtocolOptions")
                        .unpack(HttpProtocolOptions.class)
                        .getExplicitHttpConfig()
                        .hasHttp2ProtocolOptions())
                .isTrue();
    }

    @Test
    void istioWhenReadThenCustomPolicyOnAProviderThatNeverFailsOpenAndMutualTlsAsTheAef() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory()
                .createParser(DIR.resolve("istio/capif-ext-authz.yaml").toFile())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
        }
        assertThat(docs)
                .extracting(d -> d.path("kind").asText())
                .containsExactly("IstioOperator", "Gateway", "AuthorizationPolicy", "DestinationRule");
        JsonNode provider = docs.get(0).at("/spec/meshConfig/extensionProviders/0");
        assertThat(provider.at("/envoyExtAuthzGrpc/failOpen").asBoolean(true)).isFalse();
        assertThat(provider.at("/envoyExtAuthzGrpc/port").asInt()).isEqualTo(8445);
        assertThat(docs.get(1).at("/spec/servers/0/tls/mode").asText()).isEqualTo("MUTUAL");
        JsonNode policy = docs.get(2);
        assertThat(policy.at("/spec/action").asText()).isEqualTo("CUSTOM");
        assertThat(policy.at("/spec/provider/name").asText())
                .isEqualTo(provider.path("name").asText());
        assertThat(policy.at("/spec/selector/matchLabels"))
                .isEqualTo(docs.get(1).at("/spec/selector"));
        JsonNode tls = docs.get(3).at("/spec/trafficPolicy/portLevelSettings/0/tls");
        assertThat(tls.path("mode").asText()).isEqualTo("MUTUAL");
        assertThat(tls.path("clientCertificate").asText()).isNotEmpty();
        assertThat(docs.get(3).at("/spec/host").asText())
                .isEqualTo(provider.at("/envoyExtAuthzGrpc/service").asText());
    }

    @Test
    void nginxWhenReadThenEveryApiLocationAsksTheValidatorAndStripsTheToken() throws IOException {
        String site = Files.readString(DIR.resolve("nginx/capif-aef.conf"));
        assertThat(site).contains("ssl_verify_client on;").contains("proxy_ssl_verify on;");
        String[] locations = site.split("\n    location ");
        int apis = 0;
        for (String l : locations) {
            if (l.startsWith("/") && !l.startsWith("/ ")) {
                apis++;
                assertThat(l).contains("auth_request /_capif_authz;").contains("proxy_set_header Authorization \"\";");
            }
        }
        assertThat(apis).isEqualTo(2);
    }
}
