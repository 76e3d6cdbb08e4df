package org.capif.testing.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.capif.common.cert.Thumbprints;
import org.capif.testing.pki.TestPki;

/**
 * A minimal HTTPS server on 127.0.0.1 with the PKI's server certificate and a TLS policy chosen by the test (protocols,
 * cipher suites), for testing what a CAPIF client accepts. It asks for a client certificate, records the
 * {@code x5t#S256} of each one presented, and answers every request with {@code 200 ok} and {@code Connection: close}.
 */
public final class TlsTestServer implements AutoCloseable {

    private final SSLServerSocket socket;
    private final List<String> clientThumbprints = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private TlsTestServer(SSLServerSocket socket) {
        this.socket = socket;
        this.acceptor = new Thread(this::serve, "tls-test-server-" + socket.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** Starts a server speaking only the given protocols and cipher suites (null: the JDK's defaults). */
    public static TlsTestServer start(TestPki pki, String[] protocols, String[] suites) {
        try {
            SSLContext ctx = pki.serverSslContext();
            SSLServerSocket server = (SSLServerSocket)
                    ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            if (protocols != null) {
                server.setEnabledProtocols(protocols);
            }
            if (suites != null) {
                server.setEnabledCipherSuites(suites);
            }
            server.setWantClientAuth(true);
            return new TlsTestServer(server);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("TLS test server did not start", e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** {@code https://localhost:<port>/}: the name the server certificate carries. */
    public String uri() {
        return "https://localhost:" + port() + "/";
    }

    /** The thumbprints of the client certificates presented so far, in order. */
    public List<String> clientThumbprints() {
        return List.copyOf(clientThumbprints);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (SSLSocket client = (SSLSocket) socket.accept()) {
                client.setSoTimeout(5000);
                client.startHandshake();
                try {
                    Certificate[] chain = client.getSession().getPeerCertificates();
                    clientThumbprints.add(Thumbprints.x5tS256((X509Certificate) chain[0]));
                } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
                    // no client certificate: nothing to record
                }
                InputStream in = client.getInputStream();
                byte[] buffer = new byte[4096];
                StringBuilder head = new StringBuilder();
                while (!head.toString().contains("\r\n\r\n")) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    head.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                }
                OutputStream out = client.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // a refused handshake or a closed server: next connection
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
