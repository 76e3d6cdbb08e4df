package org.capif.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.SmallRyeConfig;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.capif.common.config.CommonConfig;
import org.capif.common.datastore.DatabaseTlsPolicy;
import org.capif.common.datastore.KafkaClientConfig;
import org.capif.helm.RenderedServices.Service;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each rendered service does with its configuration at start, run with the services' own code: SmallRye Config
 * with the service's mappings (required keys, unknown {@code capif.*} keys, conversions), the environment variables
 * from Secrets reaching the keys they are meant for, {@link DatabaseTlsPolicy} (the check before the first database
 * connection) and the Kafka client configuration every Kafka client of the service is built from
 * ({@link KafkaClientConfig}, which refuses Kafka security keys outside {@code capif.kafka.*}). The last test shows
 * each of these refusing a configuration the chart must never produce.
 */
class ServiceStartTest {

    @TempDir
    Path mounts;

    @Test
    void configurationWhenLoadedAsTheServiceLoadsItThenItsMappingsAcceptIt() {
        for (Service s : RenderedServices.ALL) {
            SmallRyeConfig config = load(s, s.properties());
            CommonConfig common = config.getConfigMapping(CommonConfig.class);
            assertThat(common.datasource().caCert())
                    .as(s.toString())
                    .isEqualTo(Path.of("/etc/capif/postgresql/ca.crt"));
            assertThat(common.kafka().trustCerts()).as(s.toString()).contains(Path.of("/etc/capif/kafka/ca.crt"));
            assertThat(config.getConfigMapping(s.definition().ownMapping())).isNotNull();
        }
    }

    @Test
    void environmentWhenRenderedThenEachVariableReachesTheKeyItIsFor() {
        for (Service s : RenderedServices.ALL) {
            SmallRyeConfig config = load(s, s.properties());
            for (Map.Entry<String, String> e : s.environment().entrySet()) {
                if (e.getKey().equals("JAVA_OPTS_APPEND")) {
                    continue;
                }
                String key = e.getKey().equals("QUARKUS_DATASOURCE_PASSWORD")
                        ? "quarkus.datasource.password"
                        : s.definition().keys().keySet().stream()
                                .filter(k -> envName(k).equals(e.getKey()))
                                .findFirst()
                                .orElseThrow(() -> new AssertionError(
                                        s + ": " + e.getKey() + " is the environment form of no key of the service"));
                assertThat(config.getOptionalValue(key, String.class))
                        .as(s + ": " + key)
                        .contains(e.getValue());
            }
            Optional<String> password =
                    config.getConfigMapping(CommonConfig.class).kafka().sasl().password();
            if (scram(s)) {
                assertThat(password).as(s.toString()).hasValueSatisfying(p -> assertThat(p)
                        .matches("secret:[a-z-]+-kafka/password"));
            } else {
                assertThat(password).as(s.toString()).isEmpty();
            }
        }
    }

    @Test
    void databaseTlsPolicyWhenTheRenderedConfigurationThenVerifyFullAgainstTheMountedCa() {
        for (Service s : RenderedServices.ALL) {
            SmallRyeConfig config = load(s, s.properties());
            assertThat(DatabaseTlsPolicy.violations(k -> config.getOptionalValue(k, String.class)))
                    .as(s.toString())
                    .isEmpty();
            assertThat(config.getValue("quarkus.datasource.jdbc.additional-jdbc-properties.sslrootcert", String.class))
                    .isEqualTo("/etc/capif/postgresql/ca.crt");
            assertThat(config.getValue("quarkus.datasource.reactive.trust-certificate-pem.certs", String.class))
                    .isEqualTo("/etc/capif/postgresql/ca.crt");
            assertThat(config.getValue("quarkus.flyway.schemas", String.class))
                    .isEqualTo(s.properties().get("quarkus.datasource.username"));
        }
    }

    @Test
    void kafkaClientsWhenBuiltAsTheServiceBuildsThemThenTlsWithTheChosenAuthentication() throws IOException {
        for (Service s : RenderedServices.ALL) {
            Map<String, Object> kafka = kafkaClientConfig(s, s.properties());
            boolean scram = scram(s);
            assertThat(kafka)
                    .as(s.toString())
                    .containsEntry("security.protocol", scram ? "SASL_SSL" : "SSL")
                    .containsEntry("ssl.endpoint.identification.algorithm", "https")
                    .containsEntry("bootstrap.servers", s.properties().get("kafka.bootstrap.servers"));
            assertThat((String) kafka.get("ssl.truststore.location")).endsWith("/etc/capif/kafka/ca.crt");
            if (scram) {
                assertThat(kafka.get("sasl.mechanism"))
                        .isEqualTo(s.values().contains("256") ? "SCRAM-SHA-256" : "SCRAM-SHA-512");
                assertThat((String) kafka.get("sasl.jaas.config"))
                        .contains("username=\"" + s.component() + "\"")
                        .contains("password=\"secret:");
            } else {
                assertThat(kafka).doesNotContainKeys("sasl.mechanism", "sasl.jaas.config");
            }
        }
    }

    @Test
    void startWhenAConfigurationTheServicesRefuseThenEachCheckRefusesIt() throws IOException {
        Service s = RenderedServices.ALL.stream()
                .filter(r -> r.values().equals("ci-values") && r.component().equals("invoker-management"))
                .findFirst()
                .orElseThrow();
        Map<String, String> noCa = new LinkedHashMap<>(s.properties());
        noCa.remove("capif.datasource.ca-cert");
        assertThatThrownBy(() -> load(s, noCa)).hasMessageContaining("capif.datasource.ca-cert");

        Map<String, String> catalogue = new LinkedHashMap<>(s.properties());
        catalogue.put("capif.catalogue.apis[0].api-id", "api-qos");
        assertThatThrownBy(() -> load(s, catalogue)).hasMessageContaining("capif.catalogue.apis[0].api-id");

        Map<String, String> verifyCa = new LinkedHashMap<>(s.properties());
        verifyCa.put("quarkus.datasource.jdbc.url", verifyCa.get("quarkus.datasource.jdbc.url") + "?sslmode=verify-ca");
        SmallRyeConfig weak = load(s, verifyCa);
        assertThat(DatabaseTlsPolicy.violations(k -> weak.getOptionalValue(k, String.class)))
                .singleElement()
                .asString()
                .contains("sslmode=verify-full, not verify-ca");

        Map<String, String> plaintext = new LinkedHashMap<>(s.properties());
        plaintext.put("kafka.security.protocol", "PLAINTEXT");
        assertThatThrownBy(() -> kafkaClientConfig(s, plaintext))
                .hasMessageContaining("kafka.security.protocol may not be set");
        Map<String, String> keyStore = new LinkedHashMap<>(s.properties());
        keyStore.put("kafka.ssl.keystore.location", "/etc/capif/tls/tls-combined.pem");
        assertThatThrownBy(() -> kafkaClientConfig(s, keyStore))
                .hasMessageContaining("kafka.ssl.keystore.location may not be set");
    }

    private static SmallRyeConfig load(Service s, Map<String, String> properties) {
        return s.definition().load(properties, s.environment());
    }

    /**
     * The service's Kafka client configuration ({@code KafkaClientConfig}, the map every Kafka client of the service
     * is built from), with the mounted files standing under a scratch directory: it reads them at start.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> kafkaClientConfig(Service s, Map<String, String> properties) throws IOException {
        Map<String, String> rooted = new LinkedHashMap<>(properties);
        for (Map.Entry<String, String> e : rooted.entrySet()) {
            if (e.getValue().startsWith("/etc/capif/")) {
                Path file = mounts.resolve(e.getValue().substring(1));
                Files.createDirectories(file.getParent());
                Files.writeString(file, "-----BEGIN CERTIFICATE-----\nstand-in\n-----END CERTIFICATE-----\n");
                e.setValue(file.toString());
            }
        }
        SmallRyeConfig config = load(s, rooted);
        try {
            Method m = KafkaClientConfig.class.getDeclaredMethod("kafkaClientConfig", Config.class, CommonConfig.class);
            m.setAccessible(true);
            return (Map<String, Object>)
                    m.invoke(new KafkaClientConfig(), config, config.getConfigMapping(CommonConfig.class));
        } catch (InvocationTargetException e) {
            throw (RuntimeException) e.getCause();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("KafkaClientConfig changed: " + e, e);
        }
    }

    /** The environment variable MicroProfile Config maps to a property: upper case, non-alphanumerics as '_'. */
    private static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    /** The renderings with kafka.authentication=scram-*: the edge values (SHA-512) and the SHA-256 variant. */
    private static boolean scram(Service s) {
        return s.values().contains("scram") || s.values().equals("edge-values");
    }
}
