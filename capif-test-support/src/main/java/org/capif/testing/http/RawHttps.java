package org.capif.testing.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.capif.testing.pki.Credential;
import org.capif.testing.pki.TestPki;

/**
 * HTTP/1.1 over TLS written byte by byte, for requests no well-behaved client library sends: raw non-ASCII bytes in the
 * request line and headers, NUL characters, malformed percent-encoding, wrong or missing headers. Request text is
 * given as ISO-8859-1 strings, so each char is exactly one byte on the wire ({@code "\u00ff"} sends byte 0xFF); each
 * request is sent on its own connection with {@code Connection: close} and the answer is read to its end.
 */
public final class RawHttps {

    private final SSLContext context;
    private final int port;

    private RawHttps(SSLContext context, int port) {
        this.context = context;
        this.port = port;
    }

    /** A client of the server on 127.0.0.1:{@code port}, trusting the CAPIF CA, with a client certificate or none. */
    public static RawHttps to(int port, TestPki pki, Credential client) {
        return new RawHttps(context(pki, client), port);
    }

    /** An answer: status, headers (names in lower case, the last value of each) and body. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + text();
        }
    }

    /**
     * Sends {@code method target HTTP/1.1} with a Host header, the given headers (ISO-8859-1, in order; a null value
     * leaves the header out) and body (sent as it is; Content-Length is added unless a header sets it).
     */
    public Answer send(String method, String target, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder()
                .append(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\nHost: localhost:")
                .append(port)
                .append("\r\nConnection: close\r\n");
        boolean length = false;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getValue() == null) {
                continue;
            }
            length |=
                    h.getKey().equalsIgnoreCase("Content-Length") || h.getKey().equalsIgnoreCase("Transfer-Encoding");
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (!length && body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            request.writeBytes(body);
        }
        return exchange(request.toByteArray());
    }

    /** Sends these exact bytes and reads the answer; status -1 if the server closed without answering. */
    public Answer exchange(byte[] request) {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("exchange with 127.0.0.1:" + port + " failed", e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketException e) {
            // a reset after the answer is the server closing a connection it refused; keep what arrived
        }
        return all.toByteArray();
    }

    private static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return new Answer(-1, Map.of(), raw);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            rest = dechunk(rest);
        } else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length"));
            rest = java.util.Arrays.copyOf(rest, Math.min(length, rest.length));
        }
        return new Answer(status, headers, rest);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String text = new String(chunked, StandardCharsets.ISO_8859_1);
        int pos = 0;
        while (pos < text.length()) {
            int eol = text.indexOf("\r\n", pos);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(text.substring(pos, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, eol + 2, Math.min(size, chunked.length - eol - 2));
            pos = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    /**
     * Presents its certificate whatever CAs the server names as acceptable (JSSE's own key manager would send none
     * for a certificate of a foreign CA): a hostile client sends what it likes.
     */
    private static final class Always extends X509ExtendedKeyManager {
        private final Credential client;

        Always(Credential client) {
            this.client = client;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return new X509Certificate[] {client.certificate()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return client.keyPair().getPrivate();
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    /** A TLS client context trusting the CAPIF CA, presenting {@code client} (whoever issued it) if not null. */
    public static SSLContext context(TestPki pki, Credential client) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("capif-ca", pki.caCertificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(client == null ? null : new KeyManager[] {new Always(client)}, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
