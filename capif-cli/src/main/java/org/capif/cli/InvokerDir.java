package org.capif.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import org.capif.common.cert.Pem;
import org.capif.common.cert.Thumbprints;

/**
 * An invoker's files: {@code invoker.key} (its private key, mode 0600), {@code invoker.crt} (the certificate bundle
 * CAPIF issued) and {@code invoker.id} (the API invoker ID).
 */
public record InvokerDir(Path dir) {

    public Path key() {
        return dir.resolve("invoker.key");
    }

    public Path certificate() {
        return dir.resolve("invoker.crt");
    }

    /** HTTPS as this invoker (its certificate and key), trusting the CAPIF CA of the endpoints. */
    public Http http(Endpoints endpoints) {
        return Http.of(endpoints.path("CAPIF_CA_CERT"), certificate(), key());
    }

    public String id() {
        return read("invoker.id").strip();
    }

    public String thumbprint() {
        X509Certificate cert = Pem.certificate(read("invoker.crt"));
        return Thumbprints.x5tS256(cert);
    }

    public String read(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            throw new CliException(
                    CliException.LOCAL,
                    "cannot read " + dir.resolve(name)
                            + " (is this an invoker directory written by 'capif invoker onboard'?)");
        }
    }

    /** Any file the user names (e.g. a credential), with a readable error. */
    public static String readFile(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new CliException(CliException.LOCAL, "cannot read " + file + ": " + e.getMessage());
        }
    }

    public void write(String name, String content, boolean secret) {
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            if (secret) {
                writeSecret(file, content);
            } else {
                Files.writeString(file, content);
            }
        } catch (IOException e) {
            throw new CliException(CliException.LOCAL, "cannot write " + file + ": " + e.getMessage());
        }
    }

    /**
     * Writes a secret (a private key, a credential) readable by its owner only from the first byte: a temporary file
     * created with mode 0600 in the same directory, then moved over the target atomically, so no other user ever sees
     * the content through a wider mode, and a reader never sees half a file.
     */
    public static void writeSecret(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(
                parent,
                "." + file.getFileName(),
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
