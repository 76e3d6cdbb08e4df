package org.capif.testing.edge;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.capif.testing.pki.Credential;

/**
 * One operation of a service as a well-behaved client calls it: method, path template with the values of its
 * parameters, query parameters, body and client certificate. {@link HostileRequests} spoils one part of it at a time.
 * Path values and query values are given as they go on the wire (percent-encoded).
 */
public final class Operation {

    /** What kind of value a query parameter holds. */
    public enum QueryKind {
        IDENTIFIER,
        INTEGER,
        BOOLEAN,
        OTHER
    }

    /** One query parameter of the well-behaved call. */
    public record Query(String value, QueryKind kind) {}

    final String method;
    final String template;
    final Map<String, String> pathValues = new LinkedHashMap<>();
    final Map<String, Query> query = new LinkedHashMap<>();
    final Map<String, String> headers = new LinkedHashMap<>();
    String contentType;
    byte[] body;
    Credential client;
    int port;
    boolean oauth;
    boolean emptyBodyAccepted;
    boolean bodyIgnored;
    boolean acceptIgnored;
    int maxBodySize = 64 * 1024;

    private Operation(String method, String template) {
        this.method = method;
        this.template = template;
    }

    /** An operation, e.g. {@code call("DELETE", "/api-invoker-management/v1/onboardedInvokers/{onboardingId}")}. */
    public static Operation call(String method, String template) {
        return new Operation(method, template);
    }

    /** The value of a path parameter of the template in a well-behaved call. */
    public Operation path(String name, String value) {
        pathValues.put(name, value);
        return this;
    }

    public Operation query(String name, String value, QueryKind kind) {
        query.put(name, new Query(value, kind));
        return this;
    }

    public Operation header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** A JSON body (the well-behaved one); hostile variants spoil it. */
    public Operation json(String json) {
        return body("application/json", json);
    }

    /** A JSON merge patch body (RFC 7396). */
    public Operation mergePatch(String json) {
        return body("application/merge-patch+json", json);
    }

    /** An {@code application/x-www-form-urlencoded} body, as it goes on the wire. */
    public Operation form(String form) {
        return body("application/x-www-form-urlencoded", form);
    }

    private Operation body(String type, String text) {
        this.contentType = type;
        this.body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** The client certificate the operation needs (null: server-authenticated TLS only). */
    public Operation as(Credential client) {
        this.client = client;
        return this;
    }

    /** The port the operation is served on. */
    public Operation on(int port) {
        this.port = port;
        return this;
    }

    /** An OAuth 2.0 endpoint: a malformed request is an {@code AccessTokenErr}, not a ProblemDetails. */
    public Operation oauth() {
        this.oauth = true;
        return this;
    }

    /** The body is optional: sending none is a valid call (so it is not among the hostile variants). */
    public Operation emptyBodyAccepted() {
        this.emptyBodyAccepted = true;
        return this;
    }

    /** The operation does not read its body (a benchmark no-op): body variants are not sent. */
    public Operation bodyIgnored() {
        this.bodyIgnored = true;
        return this;
    }

    /**
     * The operation answers one fixed media type whatever {@code Accept} says (health, metrics): Accept variants are
     * not hostile there and are not sent.
     */
    public Operation acceptIgnored() {
        this.acceptIgnored = true;
        return this;
    }

    /**
     * The service's {@code quarkus.http.limits.max-body-size} in bytes (64 KiB unless said): the oversized-body variant
     * sends 6 KiB more than this.
     */
    public Operation maxBodySize(int bytes) {
        this.maxBodySize = bytes;
        return this;
    }

    public String name() {
        return method + " " + template;
    }

    /** The request target with the given path values and query (already encoded). */
    String target(Map<String, String> paths, String rawQuery) {
        String t = template;
        for (Map.Entry<String, String> p : paths.entrySet()) {
            t = t.replace("{" + p.getKey() + "}", p.getValue());
        }
        return rawQuery == null || rawQuery.isEmpty() ? t : t + "?" + rawQuery;
    }

    String query(Map<String, String> values) {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) ->
                sb.append(sb.isEmpty() ? "" : "&").append(k).append('=').append(v));
        return sb.toString();
    }
}
