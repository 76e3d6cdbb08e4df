package org.capif.testing.edge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * A hostile variant particular to this operation, sent after the generic ones of {@link HostileRequests}: the
     * well-behaved call with these headers set (a null value leaves the header out) and the method, target or body
     * replaced where not null. {@code bareAllowed}: the HTTP decoder may refuse it before the application runs.
     */
    record Variant(
            String name, String method, String target, Map<String, String> headers, byte[] body, boolean bareAllowed) {}

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
    final List<Variant> variants = new ArrayList<>();

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

    /**
     * An extra hostile variant: the well-behaved call with this header set to this value (null: left out). The value
     * goes on the wire as it is (ISO-8859-1), so {@code "a\r\nName: b"} repeats a header.
     */
    public Operation hostileHeader(String variant, String name, String value) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(name, value);
        return hostileHeaders(variant, h);
    }

    /** An extra hostile variant: the well-behaved call with these headers set (a null value leaves one out). */
    public Operation hostileHeaders(String variant, Map<String, String> headers) {
        variants.add(new Variant(variant, null, null, new LinkedHashMap<>(headers), null, false));
        return this;
    }

    /**
     * An extra hostile variant: another method and request target (as they go on the wire), the headers changed as
     * in {@link #hostileHeaders}. {@code bareAllowed}: the HTTP decoder may refuse it with a bare 400, 414 or 431.
     */
    public Operation hostileRequest(
            String variant, String method, String target, Map<String, String> headers, boolean bareAllowed) {
        variants.add(new Variant(variant, method, target, new LinkedHashMap<>(headers), null, bareAllowed));
        return this;
    }

    /** An extra hostile variant: another method and this body with this {@code Content-Type}. */
    public Operation hostileBody(String variant, String method, String contentType, byte[] body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", contentType);
        variants.add(new Variant(variant, method, null, h, body, false));
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
