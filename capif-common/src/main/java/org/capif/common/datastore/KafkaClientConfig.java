package org.capif.common.datastore;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.capif.common.config.CommonConfig;
import org.eclipse.microprofile.config.Config;

/**
 * The configuration every Kafka client of a service is built from (the {@code default-kafka-broker} map that the
 * outbox relay, the topic provisioner, the consumers, the readiness probe and the messaging channels all use). It
 * replaces Quarkus's default producer: the {@code kafka.*} keys as Quarkus collects them, plus the security settings
 * of {@link KafkaClientSecurity}, so no client of the service can connect without TLS and authentication.
 */
@ApplicationScoped
public class KafkaClientConfig {

    @Produces
    @Singleton
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaClientConfig(Config config, CommonConfig capif) {
        Map<String, Object> kafka = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!(lower.startsWith("kafka.") || lower.startsWith("kafka_")) || lower.startsWith("kafka.ui")) {
                continue;
            }
            String key = lower.substring("kafka.".length()).replace('_', '.');
            config.getOptionalValue(name, String.class).ifPresent(v -> kafka.put(key, v));
        }
        if (!kafka.containsKey("group.id")) {
            config.getOptionalValue("quarkus.application.name", String.class).ifPresent(n -> kafka.put("group.id", n));
        }
        return KafkaClientSecurity.secure(kafka, settings(capif));
    }

    static KafkaClientSecurity.Settings settings(CommonConfig capif) {
        CommonConfig.Kafka k = capif.kafka();
        return new KafkaClientSecurity.Settings(
                k.securityProtocol(),
                k.trustCerts().orElse(capif.tls().caCert()),
                k.clientCert().orElse(capif.tls().cert()),
                k.clientKey().orElse(capif.tls().key()),
                k.sasl().mechanism(),
                k.sasl().username(),
                k.sasl().password());
    }
}
