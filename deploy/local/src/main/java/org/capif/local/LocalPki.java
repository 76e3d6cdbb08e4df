package org.capif.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.CertificateIssuer;
import org.capif.common.cert.KeyPairs;
import org.capif.common.cert.Pem;
import org.capif.common.datastore.CapifService;
import org.capif.testing.db.PostgresTls;
import org.capif.testing.kafka.KafkaTls;
import org.capif.testing.pki.TestPki;

/**
 * The local stack's PKI, generated on first start in {@code <state>/pki} (directory 0700, keys 0600): the CAPIF CA;
 * one certificate per CAPIF service ({@code services/<id>.crt}, its HTTPS server certificate and its Kafka client
 * identity); the PostgreSQL server's certificate ({@code server.crt}); the Kafka broker's key store and the Kafka
 * administrator's certificate; the operator's and the monitoring system's client certificates; the optional front proxy's
 * certificate ({@code front.crt}); the onboarding credential key pair and the token signing key.
 */
public final class LocalPki {

    /** The service id of the optional one-origin front proxy ({@code capif-local --front}, decision D26). */
    public static final String FRONT_ID = "capif-front";

    /** File name (without extension) of the monitoring client certificate for the management ports. */
    public static final String MONITORING = "monitoring";

    private static final Duration CA_VALIDITY = Duration.ofDays(3650);

    private static final Duration VALIDITY = Duration.ofDays(825);

    private final Path dir;

    public LocalPki(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public boolean exists() {
        return Files.exists(file("ca.crt"));
    }

    /** Certificate chain of a CAPIF service. */
    public Path serviceCert(CapifService service) {
        return file("services/" + service.id() + ".crt");
    }

    /** Private key of a CAPIF service. */
    public Path serviceKey(CapifService service) {
        return file("services/" + service.id() + ".key");
    }

    /** The TLS material of the local PostgreSQL server. */
    public PostgresTls postgres() {
        return new PostgresTls(file("server.crt"), file("server.key"), file("ca.crt"));
    }

    /** The TLS material of the local Kafka broker and its administrator. */
    public KafkaTls kafka() {
        return new KafkaTls(file("kafka-broker.pem"), file("ca.crt"), file("kafka-admin.crt"), file("kafka-admin.key"));
    }

    public void create() {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            KeyPair caKeys = KeyPairs.ecP256();
            X509Certificate ca = CertificateIssuer.selfSignedCa(caKeys, "CAPIF Local CA", CA_VALIDITY);
            CertificateIssuer issuer = new CertificateIssuer(ca, caKeys.getPrivate());
            write("ca.crt", Pem.encode(ca), false);
            write("ca.key", Pem.encode(caKeys.getPrivate()), true);
            KeyPair server = KeyPairs.ecP256();
            write(
                    "server.crt",
                    Pem.encode(
                            issuer.issue(CertificateIssuer.Request.server(
                                    server.getPublic(),
                                    "localhost",
                                    List.of("localhost"),
                                    List.of("127.0.0.1"),
                                    VALIDITY)),
                            ca),
                    false);
            write("server.key", Pem.encode(server.getPrivate()), true);
            Files.createDirectories(file("services"));
            for (CapifService service : CapifService.values()) {
                KeyPair keys = KeyPairs.ecP256();
                write(
                        "services/" + service.id() + ".crt",
                        Pem.encode(
                                issuer.issue(new CertificateIssuer.Request(
                                        keys.getPublic(),
                                        new CapifIdentity(CapifRole.SERVICE, service.id()),
                                        service.id(),
                                        List.of("localhost"),
                                        List.of("127.0.0.1"),
                                        Set.of(
                                                CertificateIssuer.Usage.SERVER_AUTH,
                                                CertificateIssuer.Usage.CLIENT_AUTH),
                                        VALIDITY)),
                                ca),
                        false);
                write("services/" + service.id() + ".key", Pem.encode(keys.getPrivate()), true);
            }
            KeyPair broker = KeyPairs.ecP256();
            write(
                    "kafka-broker.pem",
                    Pem.encode(
                            broker.getPrivate(),
                            issuer.issue(new CertificateIssuer.Request(
                                    broker.getPublic(),
                                    null,
                                    TestPki.KAFKA_BROKER_CN,
                                    List.of("localhost"),
                                    List.of("127.0.0.1"),
                                    Set.of(CertificateIssuer.Usage.SERVER_AUTH, CertificateIssuer.Usage.CLIENT_AUTH),
                                    VALIDITY)),
                            ca),
                    true);
            KeyPair front = KeyPairs.ecP256();
            write(
                    "front.crt",
                    Pem.encode(
                            issuer.issue(new CertificateIssuer.Request(
                                    front.getPublic(),
                                    new CapifIdentity(CapifRole.SERVICE, FRONT_ID),
                                    FRONT_ID,
                                    List.of("localhost"),
                                    List.of("127.0.0.1"),
                                    Set.of(CertificateIssuer.Usage.SERVER_AUTH, CertificateIssuer.Usage.CLIENT_AUTH),
                                    VALIDITY)),
                            ca),
                    false);
            write("front.key", Pem.encode(front.getPrivate()), true);
            client(issuer, ca, "kafka-admin", new CapifIdentity(CapifRole.OPERATOR, TestPki.KAFKA_ADMIN_ID));
            client(issuer, ca, "operator", new CapifIdentity(CapifRole.OPERATOR, "local-operator"));
            client(issuer, ca, MONITORING, monitoringIdentity());
            KeyPair credential = KeyPairs.ecP256();
            write("credential-signing.key", Pem.encode(credential.getPrivate()), true);
            write("credential-signing.pub", Pem.encode(credential.getPublic()), false);
            Files.createDirectories(file("token-keys"));
            String kid = "local-" + LocalDate.now();
            write("token-keys/" + kid + ".key", Pem.encode(KeyPairs.ecP256().getPrivate()), true);
            write("token-keys/active-kid", kid + "\n", false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CapifIdentity monitoringIdentity() {
        return new CapifIdentity(CapifRole.MONITORING, "local-prometheus");
    }

    private void client(CertificateIssuer issuer, X509Certificate ca, String name, CapifIdentity identity) {
        KeyPair keys = KeyPairs.ecP256();
        write(
                name + ".crt",
                Pem.encode(issuer.issue(CertificateIssuer.Request.client(keys.getPublic(), identity, VALIDITY)), ca),
                false);
        write(name + ".key", Pem.encode(keys.getPrivate()), true);
    }

    private void write(String name, String content, boolean secret) {
        try {
            Path f = file(name);
            Files.writeString(f, content);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r-----"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
