package org.capif.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.capif.common.datastore.CapifService;
import org.capif.helm.RenderedServices.Service;
import org.junit.jupiter.api.Test;

/**
 * The chart and the services agree on configuration: every {@code capif.*} key the chart writes is a key of the
 * service's {@code @ConfigMapping} interfaces ({@code CommonConfig} and its own, read from the services' classes),
 * every key they require is written, nothing the services refuse is written (Kafka security outside
 * {@code capif.kafka.*}, PostgreSQL TLS parameters that weaken or repeat the services' own verify-full settings), and
 * every file the configuration names is mounted. Checked for the chart's defaults, the example values, the other
 * branch of every switch and SCRAM with the SDK login.
 */
class ServiceConfigurationTest {

    /** Kafka client keys the services set themselves and refuse from anywhere else (KafkaClientSecurity). */
    private static final Pattern REFUSED_KAFKA =
            Pattern.compile("kafka\\.(security\\.protocol|ssl\\..*|sasl\\..*|tls-configuration-name)");

    /** Datasource TLS settings the services set themselves from capif.datasource.ca-cert (DatabaseTlsPolicy). */
    private static final Pattern DATASOURCE_TLS = Pattern.compile(
            "quarkus\\.datasource\\..*(ssl|trust|hostname-verification|additional-jdbc-properties|additional-properties).*");

    @Test
    void renderingsWhenCheckedThenEveryServiceOfTheTableInTheDefaultsAndExample() {
        Set<String> ids =
                Arrays.stream(CapifService.values()).map(CapifService::id).collect(Collectors.toSet());
        for (String values : List.of("defaults", "ci-values")) {
            assertThat(RenderedServices.ALL.stream()
                            .filter(s -> s.values().equals(values))
                            .map(Service::component))
                    .as(values)
                    .containsExactlyInAnyOrderElementsOf(ids);
        }
        // five components in three renderings, four in edge-values (provider-management disabled there)
        assertThat(RenderedServices.ALL).hasSize(19);
    }

    @Test
    void capifKeysWhenRenderedThenEachIsAKeyOfTheServicesConfigMappings() {
        List<String> unknown = new ArrayList<>();
        for (Service s : RenderedServices.ALL) {
            Set<String> known = s.definition().keys().keySet();
            for (String key : s.properties().keySet()) {
                if (key.startsWith("capif.") && !known.contains(key)) {
                    unknown.add(s + ": " + key + " is no key of CommonConfig or "
                            + s.definition().ownMapping().getSimpleName());
                }
            }
        }
        assertThat(unknown).isEmpty();
    }

    @Test
    void requiredKeysWhenRenderedThenEveryKeyWithoutDefaultIsWritten() {
        List<String> missing = new ArrayList<>();
        for (Service s : RenderedServices.ALL) {
            Map<String, String> builtIn = s.definition().builtInProd();
            s.definition().keys().values().stream()
                    .filter(ConfigMappingKeys.Key::required)
                    .map(ConfigMappingKeys.Key::name)
                    .filter(k -> !builtIn.containsKey(k) && !s.properties().containsKey(k))
                    .forEach(k -> missing.add(s + ": " + k));
        }
        assertThat(missing).isEmpty();
        // the check sees the required keys at all: the datasource CA, the token issuer, the CA key...
        assertThat(ServiceDefinition.of("token-validator").keys().values())
                .filteredOn(ConfigMappingKeys.Key::required)
                .extracting(ConfigMappingKeys.Key::name)
                .contains("capif.datasource.ca-cert", "capif.tls.cert", "capif.token.issuer", "capif.jwks.uri")
                .doesNotContain("capif.kafka.sasl.password", "capif.policy.replicas");
    }

    @Test
    void refusedKeysWhenRenderedThenNoKafkaSecurityKeyAndNoDatasourceTlsParameter() {
        List<String> refused = new ArrayList<>();
        for (Service s : RenderedServices.ALL) {
            for (Map.Entry<String, String> e : s.properties().entrySet()) {
                String key = e.getKey();
                if (REFUSED_KAFKA.matcher(key).matches()
                        || DATASOURCE_TLS.matcher(key).matches()) {
                    refused.add(s + ": " + key);
                }
                if (key.startsWith("quarkus.datasource.")
                        && key.endsWith(".url")
                        && e.getValue().contains("?")) {
                    refused.add(s + ": " + key + " has parameters: " + e.getValue());
                }
            }
        }
        assertThat(refused).isEmpty();
    }

    @Test
    void configMapsWhenRenderedThenEachKeyOnceAndNoCredential() {
        for (Service s : RenderedServices.ALL) {
            List<String> keys = s.propertiesText()
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.substring(0, l.indexOf('=')))
                    .toList();
            assertThat(keys).as(s.toString()).doesNotHaveDuplicates();
            assertThat(keys)
                    .as(s.toString())
                    .noneMatch(k -> k.matches("(?i).*(password|secret|jaas|\\.key\\.|keystore).*"));
        }
    }

    @Test
    void databaseWhenRenderedThenTheRoleIsTheDatabaseAndTheDefaultsAreTheServiceTablesRoles() {
        for (Service s : RenderedServices.ALL) {
            String role = s.properties().get("quarkus.datasource.username");
            assertThat(s.properties().get("quarkus.datasource.jdbc.url"))
                    .as(s.toString())
                    .startsWith("jdbc:postgresql://")
                    .endsWith("/" + role);
            assertThat(s.properties().get("quarkus.datasource.reactive.url"))
                    .as(s.toString())
                    .startsWith("postgresql://")
                    .endsWith("/" + role);
            assertThat(s.properties()).containsEntry("capif.datasource.ca-cert", "/etc/capif/postgresql/ca.crt");
            if (!s.values().equals("edge-values")) {
                assertThat(role)
                        .as(s.toString())
                        .isEqualTo(s.definition().service().role());
            }
        }
    }

    @Test
    void portsWhenRenderedThenTheServicesOwnOnTheContainerAndItsService() {
        for (Service s : RenderedServices.ALL) {
            Map<String, String> builtIn = s.definition().builtInProd();
            int api = Integer.parseInt(builtIn.get("quarkus.http.ssl-port"));
            int management = Integer.parseInt(builtIn.get("quarkus.management.port"));
            assertThat(s.properties())
                    .as(s.toString())
                    .containsEntry("quarkus.http.ssl-port", String.valueOf(api))
                    .containsEntry("quarkus.management.port", String.valueOf(management));
            assertThat(Rendered.list(s.deployment(), "spec.template.spec.containers[0].ports"))
                    .as(s.toString())
                    .extracting(p -> p.get("name") + ":" + p.get("containerPort"))
                    .contains("api:" + api, "management:" + management);
        }
    }

    @Test
    void filesWhenTheConfigurationNamesOneThenTheDeploymentMountsItFromASecret() {
        List<String> unmounted = new ArrayList<>();
        for (Service s : RenderedServices.ALL) {
            Set<String> files = mountedFiles(s.deployment());
            s.properties().forEach((k, v) -> {
                if (v.startsWith("/etc/capif/") && !files.contains(v)) {
                    unmounted.add(s + ": " + k + "=" + v);
                }
            });
        }
        assertThat(unmounted).isEmpty();
        assertThat(mountedFiles(RenderedServices.ALL.get(0).deployment()))
                .contains("/etc/capif/tls/tls.crt", "/etc/capif/postgresql/ca.crt")
                .doesNotContain("/etc/capif/tls/tls-combined.pem");
    }

    /** Each Secret item's path under its mount, and each whole-Secret mount's directory. */
    private static Set<String> mountedFiles(Map<String, Object> deployment) {
        Map<String, Map<String, Object>> volumes = Rendered.list(deployment, "spec.template.spec.volumes").stream()
                .collect(Collectors.toMap(v -> (String) v.get("name"), v -> v));
        Set<String> files = new TreeSet<>();
        for (Map<String, Object> m : Rendered.list(deployment, "spec.template.spec.containers[0].volumeMounts")) {
            Map<String, Object> volume = volumes.get((String) m.get("name"));
            if (volume.get("secret") == null) {
                continue;
            }
            String dir = (String) m.get("mountPath");
            List<Map<String, Object>> items = Rendered.list(volume, "secret.items");
            if (items.isEmpty()) {
                files.add(dir);
            }
            items.forEach(i -> files.add(dir + "/" + i.get("path")));
        }
        return files;
    }
}
