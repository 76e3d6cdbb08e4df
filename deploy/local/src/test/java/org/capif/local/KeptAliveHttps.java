package org.capif.local;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 connection over TLS, kept alive across requests and opened again after a failure, that knows its local
 * port: through a layer-4 balancer, the port is what the balancer's log ties to the replica behind the connection.
 * (The JDK's HTTP client hides its connections.) Not thread-safe: one per worker.
 */
final class KeptAliveHttps implements AutoCloseable {

    private final SSLContext tls;
    private final int port;
    private SSLSocket socket;
    private InputStream in;
    private OutputStream out;
    private int lastPort;

    KeptAliveHttps(SSLContext tls, int port) {
        this.tls = tls;
        this.port = port;
    }

    /** A status code and a body. */
    record Answer(int status, String body) {}

    /** The local port of the last connection opened (0 before the first), also after it failed. */
    int lastPort() {
        return lastPort;
    }

    /**
     * Sends a request on the open connection ({@code contentType} and {@code content} null for none); on an I/O error
     * the connection is dropped (the next call opens another).
     */
    Answer send(String method, String path, String contentType, String content) throws IOException {
        open();
        try {
            byte[] body = content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                    + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                    + "Content-Length: " + body.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void open() throws IOException {
        if (socket != null) {
            return;
        }
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("localhost", port);
        lastPort = s.getLocalPort();
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.setSoTimeout(10_000);
        try {
            s.startHandshake();
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    private Answer read() throws IOException {
        String status = line();
        int code = Integer.parseInt(status.split(" ")[1]);
        int length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            String lower = h.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closeAfter = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int n = Integer.parseInt(line().strip(), 16); n > 0; n = Integer.parseInt(line().strip(), 16)) {
                body.write(in.readNBytes(n));
                line();
            }
            line();
        } else if (length > 0) {
            byte[] b = in.readNBytes(length);
            if (b.length < length) {
                throw new EOFException("connection closed in the body");
            }
            body.write(b);
        }
        Answer answer = new Answer(code, body.toString(StandardCharsets.UTF_8));
        if (closeAfter) {
            close();
        }
        return answer;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
