package org.capif.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Credentials reach the services only from Secrets (environment variables and mounted files), never through a
 * ConfigMap; Kafka and PostgreSQL are configured for authenticated TLS; each component restarts only for a change
 * of its own configuration or Secrets.
 */
class SecretsAndChecksumsTest {

    private static final Rendered CI = Helm.render().ci().objects();
    private static final Rendered EDGE = Helm.render().edge().objects();

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> env(Rendered r, String component) {
        return Rendered.list(r.component("Deployment", component), "spec.template.spec.containers[0].env").stream()
                .collect(Collectors.toMap(e -> (String) e.get("name"), e -> e));
    }

    @Test
    void configMapsWhenRenderedThenNoCredentialOnlyPlaceholdersResolvedFromSecretEnvironment() {
        for (Rendered r : List.of(CI, EDGE)) {
            for (Map<String, Object> cm : r.ofKind("ConfigMap")) {
                String component = (String) Rendered.at(cm, "metadata.labels.app.kubernetes.io/component");
                Map<String, String> props = r.properties(component);
                assertThat(props.keySet())
                        .noneMatch(k -> k.matches("(?i).*(password|secret|ssl\\.keystore\\.key|ssl\\.key\\.).*"));
                props.forEach((k, v) -> {
                    if (k.contains("jaas")) {
                        assertThat(v.replaceAll("\\$\\{CAPIF_KAFKA_(USERNAME|PASSWORD)}", ""))
                                .as(k)
                                .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required"
                                        + " username=\"\" password=\"\";");
                    }
                });
            }
        }
        Map<String, Map<String, Object>> env = env(EDGE, "token-validator");
        assertThat(Rendered.map(env.get("CAPIF_KAFKA_PASSWORD"), "valueFrom.secretKeyRef"))
                .isEqualTo(Map.of("name", "tv-kafka", "key", "password"));
        assertThat(Rendered.map(env.get("CAPIF_KAFKA_USERNAME"), "valueFrom.secretKeyRef"))
                .isEqualTo(Map.of("name", "tv-kafka", "key", "username"));
        assertThat(Rendered.map(
                        env(EDGE, "invoker-management").get("QUARKUS_DATASOURCE_PASSWORD"), "valueFrom.secretKeyRef"))
                .isEqualTo(Map.of("name", "im-db", "key", "pass"));
        assertThat(env(CI, "token-validator")).doesNotContainKeys("CAPIF_KAFKA_PASSWORD");
        assertThat(EDGE.ofKind("Deployment")).allSatisfy(d -> assertThat(
                        Rendered.list(d, "spec.template.spec.containers[0].env"))
                .filteredOn(e -> !"JAVA_OPTS_APPEND".equals(e.get("name")))
                .allSatisfy(e -> assertThat(e).doesNotContainKey("value").containsKey("valueFrom")));
    }

    @Test
    void kafkaWhenMutualTlsThenSslWithThePemKeyStoreOfTheServiceCertificate() {
        for (String c : Rendered.COMPONENTS) {
            assertThat(CI.properties(c))
                    .containsEntry("kafka.security.protocol", "SSL")
                    .containsEntry("kafka.ssl.keystore.type", "PEM")
                    .containsEntry("kafka.ssl.keystore.location", "/etc/capif/tls/tls-combined.pem")
                    .containsEntry("kafka.ssl.truststore.type", "PEM")
                    .containsEntry("kafka.ssl.truststore.location", "/etc/capif/kafka/ca.crt")
                    .doesNotContainKey("kafka.sasl.jaas.config");
            assertThat(Rendered.list(CI.component("Deployment", c), "spec.template.spec.volumes"))
                    .filteredOn(v -> "tls".equals(v.get("name")))
                    .singleElement()
                    .satisfies(v -> assertThat(Rendered.list(v, "secret.items"))
                            .extracting(i -> i.get("key"))
                            .containsExactly("tls.crt", "tls.key", "tls-combined.pem"));
        }
    }

    @Test
    void kafkaWhenScramThenSaslSslWithScramSha512AndTheBrokersCa() {
        assertThat(EDGE.properties("authorization-function"))
                .containsEntry("kafka.security.protocol", "SASL_SSL")
                .containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("kafka.ssl.truststore.location", "/etc/capif/kafka/ca.crt")
                .containsEntry("kafka.client.dns.lookup", "use_all_dns_ips")
                .containsEntry("capif.kafka.create-topics", "false")
                .doesNotContainKey("kafka.ssl.keystore.location");
        assertThat(Rendered.list(EDGE.component("Deployment", "authorization-function"), "spec.template.spec.volumes"))
                .filteredOn(v -> "kafka-ca".equals(v.get("name")))
                .singleElement()
                .satisfies(v -> assertThat(Rendered.at(v, "secret.items[0]"))
                        .isEqualTo(Map.of("key", "root.pem", "path", "ca.crt")));
    }

    @Test
    void postgresqlWhenVerifyFullOrVerifyCaThenBothClientsVerifyTheServerAgainstItsCa() {
        assertThat(CI.properties("token-validator"))
                .containsEntry(
                        "quarkus.datasource.jdbc.url",
                        "jdbc:postgresql://capif-pg.databases.svc:5432/capif_validator?sslmode=verify-full"
                                + "&sslrootcert=/etc/capif/postgresql/ca.crt")
                .containsEntry(
                        "quarkus.datasource.reactive.url", "postgresql://capif-pg.databases.svc:5432/capif_validator")
                .containsEntry("quarkus.datasource.reactive.postgresql.ssl-mode", "verify-full")
                .containsEntry("quarkus.datasource.reactive.trust-certificate-pem", "true")
                .containsEntry(
                        "quarkus.datasource.reactive.trust-certificate-pem.certs", "/etc/capif/postgresql/ca.crt")
                .containsEntry("quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS");
        assertThat(EDGE.properties("invoker-management"))
                .containsEntry(
                        "quarkus.datasource.jdbc.url",
                        "jdbc:postgresql://pg-invoker.example.net:6432/capif_invoker?sslmode=verify-ca"
                                + "&sslrootcert=/etc/capif/postgresql/ca.crt")
                .containsEntry("quarkus.datasource.reactive.postgresql.ssl-mode", "verify-ca")
                .containsEntry("quarkus.datasource.reactive.hostname-verification-algorithm", "NONE");
    }

    private static Map<String, Object> checksums(Rendered r, String component) {
        return Map.of(
                "config",
                        Rendered.at(
                                r.component("Deployment", component),
                                "spec.template.metadata.annotations.checksum/config"),
                "secrets",
                        Rendered.at(
                                r.component("Deployment", component),
                                "spec.template.metadata.annotations.checksum/secrets"));
    }

    private static List<String> changed(Rendered before, Rendered after, String which) {
        return Rendered.COMPONENTS.stream()
                .filter(c -> !checksums(before, c)
                        .get(which)
                        .equals(checksums(after, c).get(which)))
                .toList();
    }

    @Test
    void checksumsWhenOneComponentsConfigurationChangesThenOnlyThatComponentRestarts() {
        assertThat(changed(
                        CI,
                        Helm.render()
                                .ci()
                                .set("invokerManagement.certificateValidity", "P10D")
                                .objects(),
                        "config"))
                .containsExactly("invoker-management");
        assertThat(changed(
                        CI,
                        Helm.render()
                                .ci()
                                .set("tokenValidator.policyLeaseSize", "50")
                                .objects(),
                        "config"))
                .containsExactly("token-validator");
        // the validator's accepted lifetime follows the AF's: both change
        assertThat(changed(
                        CI,
                        Helm.render()
                                .ci()
                                .set("authorizationFunction.tokenLifetime", "PT5M")
                                .objects(),
                        "config"))
                .containsExactly("authorization-function", "token-validator");
        assertThat(changed(
                        CI,
                        Helm.render().ci().set("kafka.topicPartitions", "12").objects(),
                        "config"))
                .containsExactlyElementsOf(Rendered.COMPONENTS);
    }

    @Test
    void checksumsWhenOneComponentsSecretChangesThenOnlyThatComponentRestarts() {
        Rendered keys = Helm.render()
                .ci()
                .set("authorizationFunction.signingKeysSecret", "capif-token-keys-2")
                .objects();
        assertThat(changed(CI, keys, "secrets")).containsExactly("authorization-function");
        assertThat(changed(CI, keys, "config")).isEmpty();
        Rendered db = Helm.render()
                .ci()
                .set("providerManagement.database.existingSecret", "capif-provider-db-2")
                .objects();
        assertThat(changed(CI, db, "secrets")).containsExactly("provider-management");
        assertThat(changed(
                        CI,
                        Helm.render()
                                .ci()
                                .set("kafka.tls.caSecret", "kafka-ca-2")
                                .objects(),
                        "secrets"))
                .containsExactlyElementsOf(Rendered.COMPONENTS);
    }
}
