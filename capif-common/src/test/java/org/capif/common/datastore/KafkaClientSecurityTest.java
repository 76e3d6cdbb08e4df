package org.capif.common.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSecurityTest {

    @TempDir
    static Path dir;

    private static Path ca;
    private static Path cert;
    private static Path key;

    @BeforeAll
    static void files() throws Exception {
        ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n");
        cert = Files.writeString(dir.resolve("svc.crt"), "CHAIN");
        key = Files.writeString(dir.resolve("svc.key"), "KEY");
    }

    @Test
    void secureWhenSslThenMutualTlsWithVerifiedBrokerHostAndTheServiceCertificate() {
        Map<String, Object> c =
                KafkaClientSecurity.secure(base(), settings(KafkaClientSecurity.Protocol.SSL, null, null));
        assertThat(c)
                .containsEntry("bootstrap.servers", "127.0.0.1:9093")
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.endpoint.identification.algorithm", "https")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", ca.toString())
                .containsEntry("ssl.keystore.type", "PEM")
                .containsEntry("ssl.keystore.certificate.chain", "CHAIN")
                .containsEntry("ssl.keystore.key", "KEY")
                .doesNotContainKeys("sasl.jaas.config", "sasl.mechanism");
    }

    @Test
    void secureWhenSaslSslThenScramOverTlsWithEscapedCredentials() {
        Map<String, Object> c = KafkaClientSecurity.secure(
                base(), settings(KafkaClientSecurity.Protocol.SASL_SSL, "token-validator", "p\"w\\d"));
        assertThat(c)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.endpoint.identification.algorithm", "https")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\"token-validator\" password=\"p\\\"w\\\\d\";");
    }

    @Test
    void secureWhenSaslSslWithoutPasswordThenRefused() {
        assertThatThrownBy(() -> KafkaClientSecurity.secure(
                        base(), settings(KafkaClientSecurity.Protocol.SASL_SSL, "token-validator", null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("capif.kafka.sasl.password");
    }

    @Test
    void secureWhenSaslMechanismNotScramThenRefused() {
        KafkaClientSecurity.Settings plain = new KafkaClientSecurity.Settings(
                KafkaClientSecurity.Protocol.SASL_SSL, ca, cert, key, "PLAIN", Optional.of("u"), Optional.of("p"));
        assertThatThrownBy(() -> KafkaClientSecurity.secure(base(), plain))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("capif.kafka.sasl.mechanism");
    }

    @Test
    void secureWhenSecurityKeySetThroughKafkaKeysThenRefusedNamingTheCapifKey() {
        for (String key : new String[] {
            "security.protocol",
            "ssl.endpoint.identification.algorithm",
            "sasl.jaas.config",
            "ssl.truststore.location",
            "SSL.KEYSTORE.LOCATION"
        }) {
            Map<String, Object> kafka = base();
            kafka.put(key, "PLAINTEXT");
            assertThatThrownBy(() ->
                            KafkaClientSecurity.secure(kafka, settings(KafkaClientSecurity.Protocol.SSL, null, null)))
                    .as(key)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("capif.kafka.security-protocol");
        }
    }

    @Test
    void secureWhenSecurityProtocolRepeatsTheConfiguredOneThenAccepted() {
        Map<String, Object> kafka = base();
        kafka.put("security.protocol", "ssl");
        assertThat(KafkaClientSecurity.secure(kafka, settings(KafkaClientSecurity.Protocol.SSL, null, null)))
                .containsEntry("security.protocol", "SSL");
        kafka.put("security.protocol", "SASL_SSL");
        assertThatThrownBy(
                        () -> KafkaClientSecurity.secure(kafka, settings(KafkaClientSecurity.Protocol.SSL, null, null)))
                .hasMessageContaining("kafka.security.protocol may not be set");
    }

    @Test
    void secureWhenOtherKafkaKeysThenKept() {
        Map<String, Object> kafka = base();
        kafka.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        assertThat(KafkaClientSecurity.secure(kafka, settings(KafkaClientSecurity.Protocol.SSL, null, null)))
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "5");
    }

    @Test
    void secureWhenKeyFileMissingThenRefusedNamingTheKey() {
        KafkaClientSecurity.Settings missing = new KafkaClientSecurity.Settings(
                KafkaClientSecurity.Protocol.SSL,
                ca,
                cert,
                dir.resolve("absent.key"),
                "SCRAM-SHA-512",
                Optional.empty(),
                Optional.empty());
        assertThatThrownBy(() -> KafkaClientSecurity.secure(base(), missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("capif.kafka.client-key");
    }

    private static Map<String, Object> base() {
        Map<String, Object> m = new HashMap<>();
        m.put("bootstrap.servers", "127.0.0.1:9093");
        return m;
    }

    private static KafkaClientSecurity.Settings settings(
            KafkaClientSecurity.Protocol protocol, String user, String password) {
        return new KafkaClientSecurity.Settings(
                protocol, ca, cert, key, "SCRAM-SHA-512", Optional.ofNullable(user), Optional.ofNullable(password));
    }
}
