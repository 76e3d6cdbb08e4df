package org.capif.testing.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.CertificateIssuer;
import org.capif.common.cert.KeyPairs;
import org.capif.common.cert.Pem;
import org.capif.common.datastore.CapifService;

/**
 * A CAPIF PKI generated at run time for tests: the CAPIF CA, a server certificate for 127.0.0.1/localhost (the
 * PostgreSQL server's and test HTTPS peers'), one certificate per CAPIF service (its HTTPS server and Kafka client
 * identity), the Kafka broker's and the Kafka administrator's, client certificates for any CAPIF identity, and a
 * foreign CA that no service trusts. Everything lives in one directory of PEM files (mode 0600), so a test and the
 * service under test can each load it.
 */
public final class TestPki {

    /** Password of the PKCS#12 stores written for HTTP clients; they hold throw-away test keys only. */
    public static final String STORE_PASSWORD = "test-only";

    /** Subject CN of the Kafka broker's certificate (principal {@code User:CN=kafka-broker}, a super user). */
    public static final String KAFKA_BROKER_CN = "kafka-broker";

    /** Operator id of the Kafka administrator's certificate (principal {@code User:CN=kafka-admin,OU=operator}). */
    public static final String KAFKA_ADMIN_ID = "kafka-admin";

    private static final String KAFKA_BROKER_PEM = "kafka-broker.pem";
    private static final Duration VALIDITY = Duration.ofDays(2);

    private final Path dir;
    private final CertificateIssuer issuer;
    private final CertificateIssuer foreignIssuer;

    private TestPki(Path dir, CertificateIssuer issuer, CertificateIssuer foreignIssuer) {
        this.dir = dir;
        this.issuer = issuer;
        this.foreignIssuer = foreignIssuer;
    }

    /** Generates a new PKI in a fresh temporary directory. */
    public static TestPki create() {
        try {
            Path dir = Files.createTempDirectory("capif-pki-");
            KeyPair caKeys = KeyPairs.ecP256();
            X509Certificate ca = CertificateIssuer.selfSignedCa(caKeys, "CAPIF Test CA", VALIDITY);
            KeyPair foreignKeys = KeyPairs.ecP256();
            X509Certificate foreign = CertificateIssuer.selfSignedCa(foreignKeys, "Foreign CA", VALIDITY);
            TestPki pki = new TestPki(
                    dir,
                    new CertificateIssuer(ca, caKeys.getPrivate()),
                    new CertificateIssuer(foreign, foreignKeys.getPrivate()));
            pki.write("ca.crt", Pem.encode(ca));
            pki.write("ca.key", Pem.encode(caKeys.getPrivate()));
            pki.write("foreign-ca.crt", Pem.encode(foreign));
            pki.write("foreign-ca.key", Pem.encode(foreignKeys.getPrivate()));
            KeyPair serverKeys = KeyPairs.ecP256();
            X509Certificate server = pki.issuer.issue(CertificateIssuer.Request.server(
                    serverKeys.getPublic(), "localhost", List.of("localhost"), List.of("127.0.0.1"), VALIDITY));
            pki.write("server.crt", Pem.encode(server, ca));
            pki.write("server.key", Pem.encode(serverKeys.getPrivate()));
            for (CapifService service : CapifService.values()) {
                pki.service(service.id());
            }
            KeyPair broker = KeyPairs.ecP256();
            X509Certificate brokerCert = pki.issuer.issue(new CertificateIssuer.Request(
                    broker.getPublic(),
                    null,
                    KAFKA_BROKER_CN,
                    List.of("localhost"),
                    List.of("127.0.0.1"),
                    Set.of(CertificateIssuer.Usage.SERVER_AUTH, CertificateIssuer.Usage.CLIENT_AUTH),
                    VALIDITY));
            pki.write(KAFKA_BROKER_PEM, Pem.encode(broker.getPrivate(), brokerCert, ca));
            Credential admin = pki.client(new CapifIdentity(CapifRole.OPERATOR, KAFKA_ADMIN_ID));
            pki.write("kafka-admin.crt", Pem.encode(admin.certificate(), ca));
            pki.write("kafka-admin.key", admin.privateKeyPem());
            KeyPair credentialKeys = KeyPairs.ecP256();
            pki.write("credential-signing.key", Pem.encode(credentialKeys.getPrivate()));
            pki.write("credential-signing.pub", Pem.encode(credentialKeys.getPublic()));
            Files.createDirectories(dir.resolve("token-keys"));
            pki.write("token-keys/k1.key", Pem.encode(KeyPairs.ecP256().getPrivate()));
            pki.write("token-keys/active-kid", "k1\n");
            return pki;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a PKI that {@link #create()} wrote. */
    public static TestPki load(Path dir) {
        X509Certificate ca = Pem.certificate(Pem.read(dir.resolve("ca.crt")));
        PrivateKey caKey = Pem.privateKey(Pem.read(dir.resolve("ca.key")));
        X509Certificate foreign = Pem.certificate(Pem.read(dir.resolve("foreign-ca.crt")));
        PrivateKey foreignKey = Pem.privateKey(Pem.read(dir.resolve("foreign-ca.key")));
        return new TestPki(dir, new CertificateIssuer(ca, caKey), new CertificateIssuer(foreign, foreignKey));
    }

    public Path dir() {
        return dir;
    }

    public X509Certificate caCertificate() {
        return issuer.caCertificate();
    }

    public Path caCertFile() {
        return dir.resolve("ca.crt");
    }

    public Path caKeyFile() {
        return dir.resolve("ca.key");
    }

    public Path serverCertFile() {
        return dir.resolve("server.crt");
    }

    public Path serverKeyFile() {
        return dir.resolve("server.key");
    }

    /** A TLS context serving {@link #serverCertFile()} and trusting the CAPIF CA for client certificates. */
    public javax.net.ssl.SSLContext serverSslContext() throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry(
                "server",
                Pem.privateKey(Pem.read(serverKeyFile())),
                new char[0],
                Pem.certificates(Pem.read(serverCertFile())).toArray(Certificate[]::new));
        javax.net.ssl.KeyManagerFactory kmf =
                javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", caCertificate());
        javax.net.ssl.TrustManagerFactory tmf =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    /**
     * The certificate of a CAPIF service: {@code CN=<id>, OU=service}, {@code urn:capif:service:<id>}, DNS localhost
     * and IP 127.0.0.1, serverAuth and clientAuth. It is the service's HTTPS server certificate and its Kafka client
     * identity (principal {@code User:<id>}). Written on first use as {@code services/<id>.crt} (chain) and
     * {@code services/<id>.key}.
     */
    public synchronized ServiceFiles service(String id) {
        ServiceFiles files = new ServiceFiles(
                dir.resolve("services").resolve(id + ".crt"),
                dir.resolve("services").resolve(id + ".key"));
        if (Files.exists(files.keyFile())) {
            return files;
        }
        try {
            Files.createDirectories(dir.resolve("services"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KeyPair keys = KeyPairs.ecP256();
        X509Certificate cert = issuer.issue(new CertificateIssuer.Request(
                keys.getPublic(),
                new CapifIdentity(CapifRole.SERVICE, id),
                id,
                List.of("localhost"),
                List.of("127.0.0.1"),
                Set.of(CertificateIssuer.Usage.SERVER_AUTH, CertificateIssuer.Usage.CLIENT_AUTH),
                VALIDITY));
        write("services/" + id + ".crt", Pem.encode(cert, caCertificate()));
        write("services/" + id + ".key", Pem.encode(keys.getPrivate()));
        return files;
    }

    /** Certificate chain and key files of a CAPIF service ({@link #service(String)}). */
    public record ServiceFiles(Path certFile, Path keyFile) {}

    /** The Kafka broker's private key followed by its certificate chain (a Kafka PEM key store). */
    public Path kafkaBrokerKeyStore() {
        return dir.resolve(KAFKA_BROKER_PEM);
    }

    /** Certificate chain of the Kafka administrator, a super user of the test and local brokers. */
    public Path kafkaAdminCertFile() {
        return dir.resolve("kafka-admin.crt");
    }

    /** Private key of the Kafka administrator. */
    public Path kafkaAdminKeyFile() {
        return dir.resolve("kafka-admin.key");
    }

    /**
     * A server certificate from the CAPIF CA ({@code foreign=false}) or from the foreign CA, for the given names,
     * written as {@code <name>.crt} (chain) and {@code <name>.key}; for tests of clients that must refuse a server.
     */
    public ServiceFiles server(String name, boolean foreign, List<String> dnsNames, List<String> ipAddresses) {
        KeyPair keys = KeyPairs.ecP256();
        CertificateIssuer by = foreign ? foreignIssuer : issuer;
        X509Certificate cert = by.issue(CertificateIssuer.Request.server(
                keys.getPublic(), dnsNames.isEmpty() ? name : dnsNames.get(0), dnsNames, ipAddresses, VALIDITY));
        return new ServiceFiles(
                write(name + ".crt", Pem.encode(cert, by.caCertificate())),
                write(name + ".key", Pem.encode(keys.getPrivate())));
    }

    /** PEM file of the foreign CA's certificate. */
    public Path foreignCaCertFile() {
        return dir.resolve("foreign-ca.crt");
    }

    /** Private key (ES256) the operator signs onboarding credentials with. */
    public Path credentialSigningKeyFile() {
        return dir.resolve("credential-signing.key");
    }

    /** Public key matching {@link #credentialSigningKeyFile()}. */
    public Path credentialVerificationKeyFile() {
        return dir.resolve("credential-signing.pub");
    }

    /** Directory of access-token signing keys ({@code <kid>.key}, {@code active-kid}); initially one key, k1. */
    public Path tokenKeysDir() {
        return dir.resolve("token-keys");
    }

    /** A client certificate from the CAPIF CA naming the given identity. */
    public Credential client(CapifIdentity identity) {
        KeyPair keys = KeyPairs.ecP256();
        return new Credential(
                keys, issuer.issue(CertificateIssuer.Request.client(keys.getPublic(), identity, VALIDITY)));
    }

    /** A client certificate for a monitoring system (Prometheus): {@code urn:capif:monitoring:<name>}. */
    public Credential monitoring(String name) {
        return client(new CapifIdentity(CapifRole.MONITORING, name));
    }

    /** A client certificate from the CAPIF CA naming the identity, whose validity ended ten minutes ago. */
    public Credential expiredClient(CapifIdentity identity) {
        KeyPair keys = KeyPairs.ecP256();
        return new Credential(
                keys,
                issuer.issue(CertificateIssuer.Request.client(keys.getPublic(), identity, Duration.ofMinutes(-10))));
    }

    /** A client certificate naming the identity but issued by a CA that no CAPIF service trusts. */
    public Credential foreignClient(CapifIdentity identity) {
        KeyPair keys = KeyPairs.ecP256();
        return new Credential(
                keys, foreignIssuer.issue(CertificateIssuer.Request.client(keys.getPublic(), identity, VALIDITY)));
    }

    /** A PKCS#12 key store holding the credential, for HTTP clients; password {@link #STORE_PASSWORD}. */
    public Path keyStore(Credential credential) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(
                    "client", credential.keyPair().getPrivate(), STORE_PASSWORD.toCharArray(), new Certificate[] {
                        credential.certificate()
                    });
            return store(ks);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#12 trust store holding the CAPIF CA; password {@link #STORE_PASSWORD}. */
    public Path trustStore() {
        Path file = dir.resolve("truststore.p12");
        if (Files.exists(file)) {
            return file;
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("capif-ca", caCertificate());
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, STORE_PASSWORD.toCharArray());
            }
            return file;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a file into the PKI directory with mode 0600 and returns its path. */
    public Path write(String name, String content) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path store(KeyStore ks) throws GeneralSecurityException, IOException {
        Path file = dir.resolve("client-" + UUID.randomUUID() + ".p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, STORE_PASSWORD.toCharArray());
        }
        return file;
    }
}
