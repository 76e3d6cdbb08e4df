package org.capif.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.capif.common.cert.Pem;

/**
 * HTTPS to the CAPIF services: trusts only the CAPIF CA, presents a client certificate when given, and turns every
 * failure into a {@link CliException} with a readable message (ProblemDetails and AccessTokenErr spelled out).
 */
public final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;

    private Http(HttpClient client) {
        this.client = client;
    }

    /** A client trusting the CA, with the client certificate and key if both are given. */
    public static Http of(Path caCert, Path clientCert, Path clientKey) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int n = 0;
            for (var cert : Pem.certificates(Pem.read(caCert))) {
                trust.setCertificateEntry("ca-" + n++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (clientCert != null && clientKey != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry(
                        "client",
                        Pem.privateKey(Pem.read(clientKey)),
                        new char[0],
                        Pem.certificates(Pem.read(clientCert)).toArray(Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, new char[0]);
            }
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return new Http(HttpClient.newBuilder()
                    .sslContext(ssl)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build());
        } catch (CliException e) {
            throw e;
        } catch (Exception e) {
            throw new CliException(CliException.LOCAL, "cannot load certificates or keys: " + e.getMessage());
        }
    }

    /** The answer of a request whose status was 2xx. */
    public record Answer(int status, Map<String, java.util.List<String>> headers, String body) {
        public JsonNode json() {
            try {
                return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new CliException(CliException.SERVER_ERROR, "the service answered invalid JSON");
            }
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst()
                    .orElse(null);
        }
    }

    public Answer json(String method, String url, Object body, String contentType) {
        try {
            HttpRequest.BodyPublisher publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json")
                    .method(method, publisher);
            if (body != null) {
                b.header("Content-Type", contentType);
            }
            return send(b);
        } catch (IOException e) {
            throw new CliException(CliException.LOCAL, "cannot encode the request: " + e.getMessage());
        }
    }

    public Answer json(String method, String url, Object body) {
        return json(method, url, body, "application/json");
    }

    public Answer form(String url, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** Adds a header to the next request (for Authorization on onboarding). */
    public Answer jsonWithBearer(String url, Object body, String bearer) {
        try {
            return send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .header("Authorization", "Bearer " + bearer)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new CliException(CliException.LOCAL, "cannot encode the request: " + e.getMessage());
        }
    }

    private Answer send(HttpRequest.Builder request) {
        HttpRequest r = request.build();
        HttpResponse<String> response;
        try {
            response = client.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException(
                    CliException.UNREACHABLE, "cannot connect to " + r.uri() + " (is the service running?)");
        } catch (SSLException e) {
            throw new CliException(
                    CliException.UNREACHABLE,
                    "TLS with " + r.uri() + " failed: " + e.getMessage()
                            + " (wrong CA, or the service requires a client certificate?)");
        } catch (IOException e) {
            throw new CliException(CliException.UNREACHABLE, "request to " + r.uri() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.UNREACHABLE, "interrupted");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Answer(status, response.headers().map(), response.body());
        }
        throw new CliException(
                status >= 500 ? CliException.SERVER_ERROR : CliException.REJECTED,
                r.method() + " " + r.uri().getPath() + " refused with " + status + ": " + explain(response.body()));
    }

    /** ProblemDetails or AccessTokenErr in one line. */
    static String explain(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n.has("error")) {
                return n.path("error").asText()
                        + (n.has("error_description")
                                ? " - " + n.path("error_description").asText()
                                : "");
            }
            StringBuilder sb = new StringBuilder();
            sb.append(n.path("cause").asText(n.path("title").asText("error")));
            if (n.has("detail")) {
                sb.append(" - ").append(n.path("detail").asText());
            }
            for (JsonNode p : n.path("invalidParams")) {
                sb.append("\n    ")
                        .append(p.path("param").asText())
                        .append(": ")
                        .append(p.path("reason").asText());
            }
            return sb.toString();
        } catch (Exception e) {
            return body == null || body.isBlank() ? "(no details)" : body;
        }
    }
}
