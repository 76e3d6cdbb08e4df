package org.capif.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Credentials reach the services only from Secrets (environment variables and mounted files), never through a
 * ConfigMap; Kafka and PostgreSQL are configured for authenticated, verified TLS the way the services expect it (see
 * ServiceConfigurationTest for the check against the services' own code); each component restarts only for a change
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
    void credentialsWhenRenderedThenOnlyPasswordsFromSecretsInTheEnvironmentAndNoneInAConfigMap() {
        for (Rendered r : List.of(CI, EDGE)) {
            for (Map<String, Object> cm : r.ofKind("ConfigMap")) {
                String component = (String) Rendered.at(cm, "metadata.labels.app.kubernetes.io/component");
                assertThat(r.properties(component).keySet())
                        .noneMatch(k -> k.matches("(?i).*(password|secret|jaas|keystore|\\.key\\.).*"));
            }
        }
        Map<String, Map<String, Object>> env = env(EDGE, "token-validator");
        assertThat(env)
                .containsOnlyKeys("QUARKUS_DATASOURCE_PASSWORD", "CAPIF_KAFKA_SASL_PASSWORD", "JAVA_OPTS_APPEND");
        assertThat(Rendered.map(env.get("CAPIF_KAFKA_SASL_PASSWORD"), "valueFrom.secretKeyRef"))
                .isEqualTo(Map.of("name", "tv-kafka", "key", "password"));
        assertThat(Rendered.map(
                        env(EDGE, "invoker-management").get("QUARKUS_DATASOURCE_PASSWORD"), "valueFrom.secretKeyRef"))
                .isEqualTo(Map.of("name", "im-db", "key", "pass"));
        assertThat(env(CI, "token-validator")).containsOnlyKeys("QUARKUS_DATASOURCE_PASSWORD", "JAVA_OPTS_APPEND");
        assertThat(EDGE.ofKind("Deployment")).allSatisfy(d -> assertThat(
                        Rendered.list(d, "spec.template.spec.containers[0].env"))
                .filteredOn(e -> !"JAVA_OPTS_APPEND".equals(e.get("name")))
                .allSatisfy(e -> assertThat(e).doesNotContainKey("value").containsKey("valueFrom")));
    }

    @Test
    void kafkaWhenMutualTlsThenSslWithTheServiceCertificateAndTheBrokersCa() {
        for (String c : Rendered.COMPONENTS) {
            assertThat(CI.properties(c))
                    .containsEntry("capif.kafka.security-protocol", "SSL")
                    .containsEntry("capif.kafka.trust-certs", "/etc/capif/kafka/ca.crt")
                    .containsEntry("capif.tls.cert", "/etc/capif/tls/tls.crt")
                    .doesNotContainKeys("capif.kafka.sasl.username", "capif.kafka.sasl.mechanism")
                    .allSatisfy((k, v) -> assertThat(k).doesNotStartWith("kafka.s"));
            assertThat(Rendered.list(CI.component("Deployment", c), "spec.template.spec.volumes"))
                    .filteredOn(v -> "tls".equals(v.get("name")))
                    .singleElement()
                    .satisfies(v -> assertThat(Rendered.list(v, "secret.items"))
                            .extracting(i -> i.get("key"))
                            .containsExactly("tls.crt", "tls.key"));
        }
    }

    @Test
    void kafkaWhenScramThenSaslSslAsTheUserNamedLikeTheServiceAndTheBrokersCa() {
        assertThat(EDGE.properties("authorization-function"))
                .containsEntry("capif.kafka.security-protocol", "SASL_SSL")
                .containsEntry("capif.kafka.sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("capif.kafka.sasl.username", "authorization-function")
                .containsEntry("capif.kafka.trust-certs", "/etc/capif/kafka/ca.crt")
                .containsEntry("kafka.client.dns.lookup", "use_all_dns_ips")
                .containsEntry("capif.kafka.create-topics", "false")
                .doesNotContainKeys("capif.kafka.sasl.password", "kafka.security.protocol", "kafka.sasl.mechanism");
        assertThat(Rendered.list(EDGE.component("Deployment", "authorization-function"), "spec.template.spec.volumes"))
                .filteredOn(v -> "kafka-ca".equals(v.get("name")))
                .singleElement()
                .satisfies(v -> assertThat(Rendered.at(v, "secret.items[0]"))
                        .isEqualTo(Map.of("key", "root.pem", "path", "ca.crt")));
        assertThat(Helm.render()
                        .edge()
                        .set("kafka.authentication", "scram-sha-256")
                        .objects()
                        .properties("token-validator"))
                .containsEntry("capif.kafka.sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("capif.kafka.sasl.username", "token-validator");
    }

    @Test
    void postgresqlWhenRenderedThenPlainUrlsTheRoleAndTheCaTheServicesVerifyFullAgainst() {
        assertThat(CI.properties("token-validator"))
                .containsEntry(
                        "quarkus.datasource.jdbc.url", "jdbc:postgresql://capif-pg.databases.svc:5432/capif_validator")
                .containsEntry(
                        "quarkus.datasource.reactive.url", "postgresql://capif-pg.databases.svc:5432/capif_validator")
                .containsEntry("quarkus.datasource.username", "capif_validator")
                .containsEntry("capif.datasource.ca-cert", "/etc/capif/postgresql/ca.crt")
                .doesNotContainKeys(
                        "quarkus.datasource.reactive.postgresql.ssl-mode",
                        "quarkus.datasource.reactive.trust-certificate-pem.certs",
                        "quarkus.datasource.jdbc.additional-jdbc-properties.sslmode");
        assertThat(EDGE.properties("invoker-management"))
                .containsEntry(
                        "quarkus.datasource.jdbc.url",
                        "jdbc:postgresql://pg-invoker.example.net:6432/capif_invoker_prod")
                .containsEntry("quarkus.datasource.username", "capif_invoker_prod");
        assertThat(Rendered.list(EDGE.component("Deployment", "invoker-management"), "spec.template.spec.volumes"))
                .filteredOn(v -> "postgresql-ca".equals(v.get("name")))
                .singleElement()
                .satisfies(v -> assertThat(Rendered.at(v, "secret.items[0]"))
                        .isEqualTo(Map.of("key", "root.crt", "path", "ca.crt")));
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
        Rendered callbackCa = Helm.render()
                .ci()
                .set("eventManagement.callbacks.trustSecret", "subscribers-ca")
                .objects();
        assertThat(changed(CI, callbackCa, "secrets")).containsExactly("event-management");
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
