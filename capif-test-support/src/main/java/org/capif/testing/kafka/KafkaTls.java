package org.capif.testing.kafka;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.capif.common.cert.CapifRole;
import org.capif.common.datastore.CapifService;
import org.capif.common.datastore.KafkaClientSecurity;
import org.capif.testing.pki.TestPki;

/**
 * TLS material of a Kafka broker and of its clients: the broker's PEM key store (private key and chain), the CA
 * every party verifies the others against, and the administrator's certificate. The broker maps the subject of a
 * CAPIF service certificate to the service's name and knows two super users: itself and the administrator.
 *
 * @param brokerKeyStore PEM file: the broker's private key followed by its certificate chain
 * @param caCert PEM file of the CA that signs every certificate the broker and its clients accept
 * @param adminCert PEM certificate chain of the administrator (tests, the local stack's ACL set-up)
 * @param adminKey PEM private key of the administrator
 */
public record KafkaTls(Path brokerKeyStore, Path caCert, Path adminCert, Path adminKey) {

    /** Principal of the broker itself (its certificate has no CAPIF identity, so its full subject is kept). */
    public static final String BROKER_PRINCIPAL = "User:CN=" + TestPki.KAFKA_BROKER_CN;

    /** Principal of the administrator, an operator certificate. */
    public static final String ADMIN_PRINCIPAL =
            "User:CN=" + TestPki.KAFKA_ADMIN_ID + ",OU=" + CapifRole.OPERATOR.uriName();

    public static KafkaTls of(TestPki pki) {
        return new KafkaTls(
                pki.kafkaBrokerKeyStore(), pki.caCertFile(), pki.kafkaAdminCertFile(), pki.kafkaAdminKeyFile());
    }

    /** Client configuration of the administrator (a super user). */
    public Map<String, Object> adminClient(String bootstrap) {
        return client(bootstrap, adminCert, adminKey);
    }

    /**
     * Client configuration with the given certificate, built by the services' own code ({@link KafkaClientSecurity}),
     * so a test client connects exactly as a service does.
     */
    public Map<String, Object> client(String bootstrap, Path cert, Path key) {
        Map<String, Object> base = new HashMap<>();
        base.put("bootstrap.servers", bootstrap);
        return KafkaClientSecurity.secure(
                base,
                new KafkaClientSecurity.Settings(
                        KafkaClientSecurity.Protocol.SSL,
                        caCert,
                        cert,
                        key,
                        "SCRAM-SHA-512",
                        Optional.empty(),
                        Optional.empty()));
    }

    /** Client configuration of a CAPIF service, with its certificate from {@code pki}. */
    public Map<String, Object> service(String bootstrap, TestPki pki, CapifService service) {
        TestPki.ServiceFiles files = pki.service(service.id());
        return client(bootstrap, files.certFile(), files.keyFile());
    }
}
