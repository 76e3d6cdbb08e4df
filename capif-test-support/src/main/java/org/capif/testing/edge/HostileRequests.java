package org.capif.testing.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The hostile variants of an {@link Operation}: the well-behaved call with one part spoiled. Each variant must be
 * refused with a 4xx (see {@link EdgeAnswers}); none may change stored data. Request text is ISO-8859-1, one char per
 * byte, so {@code "\u00ff"} is the raw byte 0xFF on the wire.
 */
public final class HostileRequests {

    /** One request of the sweep. {@code bareAllowed}: the HTTP decoder may refuse it before the application runs. */
    public record Case(
            Operation operation,
            String variant,
            String method,
            String target,
            Map<String, String> headers,
            byte[] body,
            boolean bareAllowed) {

        @Override
        public String toString() {
            return operation.name() + " <- " + variant;
        }
    }

    /** Identifier values no CAPIF id can be, as they go on the wire. */
    static final Map<String, String> BAD_IDS = new LinkedHashMap<>();

    /** Values the HTTP decoder itself refuses (not HTTP at all); the answer may be a bare 400/414. */
    static final Map<String, String> UNPARSABLE_IDS = new LinkedHashMap<>();

    static {
        BAD_IDS.put("NUL", "%00");
        BAD_IDS.put("NUL inside", "a%00b");
        BAD_IDS.put("control character", "a%01b");
        BAD_IDS.put("line feed", "a%0Ab");
        BAD_IDS.put("DEL", "a%7Fb");
        BAD_IDS.put("invalid UTF-8 (percent-encoded)", "a%C3%28");
        BAD_IDS.put("lone byte 0xFF (percent-encoded)", "a%FF");
        BAD_IDS.put("UTF-8 encoded surrogate", "a%ED%A0%80");
        BAD_IDS.put("raw byte 0xFF", "a\u00ffb");
        BAD_IDS.put("raw invalid UTF-8", "a\u00c3\u0028");
        BAD_IDS.put("raw UTF-8 e-acute", "caf\u00c3\u00a9");
        BAD_IDS.put("right-to-left override", "a%E2%80%AEb");
        BAD_IDS.put("encoded slash", "a%2Fb");
        BAD_IDS.put("encoded backslash", "a%5Cb");
        BAD_IDS.put("encoded dot-dot", "%2e%2e");
        BAD_IDS.put("encoded space", "a%20b");
        BAD_IDS.put("semicolon", "a%3Bb");
        BAD_IDS.put("leading dot", ".hidden");
        BAD_IDS.put("129 characters", "x".repeat(129));
        BAD_IDS.put("2000 characters", "y".repeat(2000));
        UNPARSABLE_IDS.put("raw control character", "a\u0001b");
        UNPARSABLE_IDS.put("raw space", "a b");
        UNPARSABLE_IDS.put("request line over the limit", "z".repeat(5000));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private HostileRequests() {}

    /** Every hostile variant of the operation. */
    public static List<Case> of(Operation op) {
        List<Case> cases = new ArrayList<>();
        pathVariants(op, cases);
        queryVariants(op, cases);
        headerVariants(op, cases);
        if (op.body != null && !op.bodyIgnored) {
            contentTypeVariants(op, cases);
            if (op.contentType.endsWith("json")) {
                jsonVariants(op, cases);
            } else {
                formVariants(op, cases);
            }
        }
        for (Operation.Variant v : op.variants) {
            Map<String, String> h = headers(op);
            h.putAll(v.headers());
            cases.add(request(
                    op,
                    v.name(),
                    v.method() == null ? op.method : v.method(),
                    v.target() == null ? op.target(op.pathValues, op.query(plainQuery(op))) : v.target(),
                    h,
                    v.body() == null ? op.body : v.body(),
                    v.bareAllowed()));
        }
        return cases;
    }

    private static void pathVariants(Operation op, List<Case> cases) {
        for (String param : op.pathValues.keySet()) {
            BAD_IDS.forEach(
                    (name, value) -> cases.add(withPath(op, param, value, "path " + param + ": " + name, false)));
            UNPARSABLE_IDS.forEach(
                    (name, value) -> cases.add(withPath(op, param, value, "path " + param + ": " + name, true)));
        }
        if (!op.pathValues.isEmpty()) {
            String first = op.pathValues.keySet().iterator().next();
            cases.add(withPath(op, first, "..%2F..%2Fcapif-admin", "path traversal (encoded slashes)", false));
            cases.add(withPath(op, first, "../../../etc/passwd", "path traversal", false));
        }
    }

    private static Case withPath(Operation op, String param, String value, String variant, boolean bare) {
        Map<String, String> paths = new LinkedHashMap<>(op.pathValues);
        paths.put(param, value);
        return request(op, variant, op.target(paths, op.query(plainQuery(op))), headers(op), op.body, bare);
    }

    private static void queryVariants(Operation op, List<Case> cases) {
        for (Map.Entry<String, Operation.Query> q : op.query.entrySet()) {
            String name = q.getKey();
            if (q.getValue().kind() == Operation.QueryKind.IDENTIFIER) {
                BAD_IDS.forEach(
                        (label, value) -> cases.add(withQuery(op, name, value, "query " + name + ": " + label)));
            }
            if (q.getValue().kind() == Operation.QueryKind.INTEGER) {
                for (String value : new String[] {"abc", "", "1.5", "0x10", "99999999999999999999", "%00"}) {
                    cases.add(withQuery(op, name, value, "query " + name + ": not an integer '" + value + "'"));
                }
            }
            if (q.getValue().kind() == Operation.QueryKind.BOOLEAN) {
                for (String value : new String[] {"maybe", "1", "", "%00"}) {
                    cases.add(withQuery(op, name, value, "query " + name + ": not a boolean '" + value + "'"));
                }
            }
            Map<String, String> values = plainQuery(op);
            String repeated = op.query(values) + "&" + name + "=" + q.getValue().value();
            cases.add(request(
                    op,
                    "query " + name + ": repeated",
                    op.target(op.pathValues, repeated),
                    headers(op),
                    op.body,
                    false));
        }
        if (!op.query.isEmpty()) {
            String first = op.query.keySet().iterator().next();
            cases.add(withQueryBare(op, first, "%zz", "query: malformed percent-encoding"));
        }
    }

    private static Case withQuery(Operation op, String name, String value, String variant) {
        Map<String, String> values = plainQuery(op);
        values.put(name, value);
        return request(op, variant, op.target(op.pathValues, op.query(values)), headers(op), op.body, false);
    }

    private static Case withQueryBare(Operation op, String name, String value, String variant) {
        Map<String, String> values = plainQuery(op);
        values.put(name, value);
        return request(op, variant, op.target(op.pathValues, op.query(values)), headers(op), op.body, true);
    }

    private static void headerVariants(Operation op, List<Case> cases) {
        String target = op.target(op.pathValues, op.query(plainQuery(op)));
        Map<String, String> h = headers(op);
        h.put("Host", "localhost:not-a-port");
        cases.add(request(op, "header Host: bad port", target, h, op.body, false));
        h = headers(op);
        h.put("Host", "\u00ff\u00fe");
        cases.add(request(op, "header Host: raw bytes", target, h, op.body, true));
        h = headers(op);
        h.put("X-Hostile", "a\u0000b");
        cases.add(request(op, "header with NUL", target, h, op.body, true));
        h = headers(op);
        h.put("X-Hostile", "a\u0001b");
        cases.add(request(op, "header with control character", target, h, op.body, true));
        h = headers(op);
        h.put("X-Hostile\u00ff", "a");
        cases.add(request(op, "header name with raw byte", target, h, op.body, true));
        if (op.acceptIgnored) {
            return;
        }
        h = headers(op);
        h.put("Accept", "text/html");
        cases.add(request(op, "Accept: text/html only", target, h, op.body, false));
        h = headers(op);
        h.put("Accept", "\u00ff/\u00fe");
        cases.add(request(op, "Accept: raw bytes", target, h, op.body, false));
    }

    private static void contentTypeVariants(Operation op, List<Case> cases) {
        String target = op.target(op.pathValues, op.query(plainQuery(op)));
        for (String[] v : new String[][] {
            {"missing Content-Type", null},
            {"Content-Type: text/plain", "text/plain"},
            {"Content-Type: application/xml", "application/xml"},
            {"Content-Type: raw bytes", op.contentType + "\u00ff"},
            {"Content-Type: garbage", ";;=/="},
        }) {
            Map<String, String> h = headers(op);
            if (v[1] == null) {
                h.remove("Content-Type");
            } else {
                h.put("Content-Type", v[1]);
            }
            cases.add(request(op, v[0], target, h, op.body, false));
        }
        byte[] latin1 = latin1(op);
        if (latin1 != null) {
            // the charset parameter means nothing for JSON and forms (always UTF-8): ISO-8859-1 bytes are invalid UTF-8
            Map<String, String> h = headers(op);
            h.put("Content-Type", op.contentType + "; charset=iso-8859-1");
            cases.add(request(op, "charset=iso-8859-1 with a Latin-1 byte", target, h, latin1, false));
        }
        int oversized = op.maxBodySize + 6 * 1024;
        cases.add(body(op, "body over the size limit (" + oversized / 1024 + " KiB)", pad(op, oversized)));
        if (!op.emptyBodyAccepted) {
            cases.add(body(op, "empty body", new byte[0]));
        }
    }

    private static void jsonVariants(Operation op, List<Case> cases) {
        String json = new String(op.body, StandardCharsets.UTF_8);
        cases.add(
                body(op, "JSON: truncated", json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8)));
        cases.add(body(op, "JSON: not an object", "[]".getBytes(StandardCharsets.UTF_8)));
        cases.add(body(op, "JSON: a string", "\"x\"".getBytes(StandardCharsets.UTF_8)));
        cases.add(body(op, "JSON: trailing garbage", (json + "}").getBytes(StandardCharsets.UTF_8)));
        cases.add(body(op, "JSON: duplicate key", duplicateFirstKey(json)));
        cases.add(body(op, "JSON: nested 100 deep", nested(json, 100)));
        cases.add(body(op, "JSON: nested 20000 deep", nested(json, 20_000)));
        cases.add(body(op, "JSON: NUL in every string", strings(json, s -> TextNode.valueOf(s + "\u0000"))));
        cases.add(body(
                op, "JSON: control character in every string", strings(json, s -> TextNode.valueOf(s + "\u0007"))));
        cases.add(body(op, "JSON: lone surrogate in every string", strings(json, s -> TextNode.valueOf(s + "\ud800"))));
        cases.add(body(op, "JSON: numbers for strings", strings(json, s -> JsonNodeFactory.instance.numberNode(7))));
        cases.add(body(op, "JSON: objects for strings", strings(json, s -> JsonNodeFactory.instance.objectNode())));
        if (json.contains(":\"")) {
            cases.add(body(
                    op, "JSON: raw invalid UTF-8 in a string", rawBytesInFirstString(json, new byte[] {(byte) 0xC3, 0x28
                    })));
            cases.add(
                    body(op, "JSON: raw byte 0xFF in a string", rawBytesInFirstString(json, new byte[] {(byte) 0xFF})));
        }
        byte[] scalarsAsStrings = scalars(json);
        if (scalarsAsStrings != null) {
            cases.add(body(op, "JSON: strings for numbers and booleans", scalarsAsStrings));
        }
    }

    private static void formVariants(Operation op, List<Case> cases) {
        String form = new String(op.body, StandardCharsets.ISO_8859_1);
        String firstName = form.split("&")[0].split("=")[0];
        String[][] bodies = {
            {"form: a=%zz", form + "&a=%zz"},
            {"form: lone %", form + "&%"},
            {"form: truncated escape at the end", form + "&scope=%E0%A4%A"},
            {"form: invalid UTF-8 after decoding", form.replaceFirst("=", "=%C3%28")},
            {"form: lone byte 0xFF after decoding", form.replaceFirst("=", "=%FF")},
            {"form: NUL", form.replaceFirst("=", "=%00")},
            {"form: control character", form.replaceFirst("=", "=%07")},
            {"form: raw byte 0xFF", form.replaceFirst("=", "=\u00ff")},
            {"form: parameter repeated", form + "&" + form.split("&")[0]},
            {"form: name with invalid UTF-8", form + "&%C3%28=x"},
            {"form: JSON instead", "{\"" + firstName + "\":\"x\"}"},
        };
        for (String[] b : bodies) {
            cases.add(body(op, b[0], b[1].getBytes(StandardCharsets.ISO_8859_1)));
        }
    }

    private static Case body(Operation op, String variant, byte[] body) {
        return request(op, variant, op.target(op.pathValues, op.query(plainQuery(op))), headers(op), body, false);
    }

    private static Case request(
            Operation op, String variant, String target, Map<String, String> headers, byte[] body, boolean bare) {
        return new Case(op, variant, op.method, target, headers, body, bare);
    }

    private static Case request(
            Operation op,
            String variant,
            String method,
            String target,
            Map<String, String> headers,
            byte[] body,
            boolean bare) {
        return new Case(op, variant, method, target, headers, body, bare);
    }

    private static Map<String, String> plainQuery(Operation op) {
        Map<String, String> values = new LinkedHashMap<>();
        op.query.forEach((k, v) -> values.put(k, v.value()));
        return values;
    }

    private static Map<String, String> headers(Operation op) {
        Map<String, String> h = new LinkedHashMap<>(op.headers);
        if (op.contentType != null) {
            h.put("Content-Type", op.contentType);
        }
        return h;
    }

    /** The body with a Latin-1 e-acute (byte 0xE9, invalid in UTF-8) in its first string or value; null if none. */
    private static byte[] latin1(Operation op) {
        String text = new String(op.body, StandardCharsets.UTF_8);
        if (op.contentType.endsWith("json")) {
            return text.contains(":\"") ? rawBytesInFirstString(text, new byte[] {(byte) 0xE9}) : null;
        }
        return text.contains("=") ? text.replaceFirst("=", "=\u00e9").getBytes(StandardCharsets.ISO_8859_1) : null;
    }

    private static byte[] pad(Operation op, int size) {
        if (op.contentType.endsWith("json")) {
            return ("{\"padding\":\"" + "p".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        return ("padding=" + "p".repeat(size)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] duplicateFirstKey(String json) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(json);
            String key = node.fieldNames().next();
            String first = "{" + JSON.writeValueAsString(key) + ":" + JSON.writeValueAsString(node.get(key)) + ",";
            return (first + json.trim().substring(1)).getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JSON object: " + json, e);
        }
    }

    private static byte[] nested(String json, int depth) {
        String trimmed = json.trim();
        String deep = "[".repeat(depth) + "]".repeat(depth);
        return ("{\"nested\":" + deep + "," + trimmed.substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    /** The body with every string value replaced. */
    private static byte[] strings(String json, java.util.function.Function<String, JsonNode> replace) {
        try {
            JsonNode node = JSON.readTree(json);
            return JSON.writeValueAsBytes(map(node, n -> n.isTextual() ? replace.apply(n.asText()) : n));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The body with every number and boolean written as a string; null if it has none. */
    private static byte[] scalars(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            boolean[] found = {false};
            JsonNode changed = map(node, n -> {
                if (n.isNumber() || n.isBoolean()) {
                    found[0] = true;
                    return TextNode.valueOf("x" + n.asText());
                }
                return n;
            });
            return found[0] ? JSON.writeValueAsBytes(changed) : null;
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode map(JsonNode node, UnaryOperator<JsonNode> leaf) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), map(e.getValue(), leaf));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(map(n, leaf)));
            return out;
        }
        return leaf.apply(node);
    }

    private static byte[] rawBytesInFirstString(String json, byte[] raw) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        int colon = json.indexOf(":\"");
        int at = json.substring(0, colon + 2).getBytes(StandardCharsets.UTF_8).length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(utf8, 0, at);
        out.writeBytes(raw);
        out.write(utf8, at, utf8.length - at);
        return out.toByteArray();
    }
}
