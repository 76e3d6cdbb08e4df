package org.capif.testing.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.capif.testing.http.RawHttps;
import org.capif.testing.pki.Credential;
import org.capif.testing.pki.TestPki;

/** TLS-level probes of a service's ports with a real JSSE client. */
public final class TlsProbes {

    private TlsProbes() {}

    /**
     * Connects with the client certificate and sends a request: the server must refuse the TLS connection (with TLS
     * 1.3 the refusal of a client certificate may only show once the client reads), so no HTTP answer arrives.
     */
    public static void assertConnectionRefused(int port, TestPki pki, Credential client) {
        SSLContext context = RawHttps.context(pki, client);
        assertThatThrownBy(() -> {
                    try (SSLSocket socket =
                            (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
                        socket.setSoTimeout(10_000);
                        socket.startHandshake();
                        socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes());
                        socket.getOutputStream().flush();
                        if (socket.getInputStream().read() < 0) {
                            throw new IOException("closed without an answer");
                        }
                    }
                })
                .as("a connection to port %d with a refused certificate", port)
                .isInstanceOf(IOException.class);
    }

    /**
     * A TLS 1.2 client completes a handshake, then starts a second one on the same connection (client-initiated
     * renegotiation): the server must refuse it, and the connection must not be usable afterwards.
     */
    public static void assertRenegotiationRefused(int port, TestPki pki, Credential client) throws IOException {
        assertRenegotiationRefused(port, RawHttps.context(pki, client));
    }

    /** As {@link #assertRenegotiationRefused(int, TestPki, Credential)}, with a TLS client context of the caller's. */
    public static void assertRenegotiationRefused(int port, SSLContext context) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"});
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");

            try {
                // JSSE sends the new ClientHello and returns; a refusal may show here or on the next read
                socket.startHandshake();
            } catch (IOException refused) {
                return;
            }
            assertThatThrownBy(() -> {
                        socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes());
                        socket.getOutputStream().flush();
                        if (socket.getInputStream().read() < 0) {
                            throw new IOException("closed");
                        }
                    })
                    .as("client-initiated renegotiation on port %d must end the connection", port)
                    .isInstanceOf(IOException.class);
        }
    }
}
