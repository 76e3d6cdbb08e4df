package org.capif.common.tls;

import io.quarkus.arc.Unremovable;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Singleton;

/**
 * Refuses client-initiated TLS renegotiation on every port of the service (TLS 1.2; TLS 1.3 has no renegotiation): a
 * client could otherwise make the server redo the expensive handshake on one connection as often as it likes, and the
 * renegotiation attack family (CVE-2009-3555 and kin) needs it. The JDK's TLS implementation, which the Vert.x servers
 * use, reads {@value #PROPERTY} once, when its server handshake class is first initialised, i.e. at the first
 * server-side handshake in the JVM. Quarkus calls this customizer while it builds the options of the HTTP servers,
 * before either server (API, management) listens, so the property is set in time in the packaged application, in the
 * local stack's processes and in {@code @QuarkusTest}s alike, without a command-line flag that could be forgotten.
 * A renegotiating client gets a fatal {@code handshake_failure} alert and loses the connection.
 */
@Singleton
@Unremovable
public class RenegotiationPolicy implements HttpServerOptionsCustomizer {

    /** The JDK system property (JSSE reference guide) that makes servers refuse client-initiated renegotiation. */
    public static final String PROPERTY = "jdk.tls.rejectClientInitiatedRenegotiation";

    static {
        refuse();
    }

    /** Sets the property; idempotent. */
    public static void refuse() {
        System.setProperty(PROPERTY, "true");
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        refuse();
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        refuse();
    }
}
