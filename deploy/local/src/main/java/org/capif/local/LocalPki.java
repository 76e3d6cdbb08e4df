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
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.CertificateIssuer;
import org.capif.common.cert.KeyPairs;
import org.capif.common.cert.Pem;

/**
 * The local stack's PKI, generated on first start in {@code <state>/pki} (directory 0700, keys 0600): the CAPIF CA,
 * one server certificate for localhost shared by the three services, the operator's, the demo AEF's, the token
 * validator's and the monitoring system's client certificates, the onboarding credential key pair and the token
 * signing key. A state directory from an older version gets the client certificates it lacks on the next start.
 */
public final class LocalPki {

    /** The demo AEF. */
    public static final String AEF_ID = "aef-demo";

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
            client(issuer, ca, "operator", new CapifIdentity(CapifRole.OPERATOR, "local-operator"));
            client(issuer, ca, AEF_ID, CapifIdentity.aef(AEF_ID));
            client(issuer, ca, "validator-client", new CapifIdentity(CapifRole.SERVICE, "token-validator"));
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

    /** Issues, from the stored CA, the client certificates a state directory of an older version lacks. */
    public void complete() {
        if (Files.exists(file(MONITORING + ".crt"))) {
            return;
        }
        X509Certificate ca = Pem.certificate(Pem.read(file("ca.crt")));
        CertificateIssuer issuer = new CertificateIssuer(ca, Pem.privateKey(Pem.read(file("ca.key"))));
        client(issuer, ca, MONITORING, monitoringIdentity());
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
