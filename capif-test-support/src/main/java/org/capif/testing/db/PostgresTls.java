package org.capif.testing.db;

import java.nio.file.Path;
import org.capif.testing.pki.TestPki;

/**
 * TLS material of a PostgreSQL server and of its clients.
 *
 * @param serverCert PEM certificate chain of the server (names 127.0.0.1 and localhost)
 * @param serverKey PEM (PKCS#8) private key of the server
 * @param caCert PEM of the CA clients verify the server against ({@code sslmode=verify-full})
 */
public record PostgresTls(Path serverCert, Path serverKey, Path caCert) {

    /** The server certificate of a test PKI, verified against its CAPIF CA. */
    public static PostgresTls of(TestPki pki) {
        return new PostgresTls(pki.serverCertFile(), pki.serverKeyFile(), pki.caCertFile());
    }
}
