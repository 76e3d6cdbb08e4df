package org.capif.events.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps tokens and certificates out of stored invocation logs: AEFs may put anything in {@code inputParameters},
 * {@code outputParameters} and {@code uri}, and a log kept for months is the worst place for a bearer token. Removed
 * (replaced by {@value #REDACTED}): members named like credentials ({@code authorization}, {@code access_token},
 * {@code client_secret}, {@code password}, {@code x5c}, ...), any string that contains a JWS/JWT, a PEM block, a
 * {@code Bearer} credential or a long base64 DER certificate, and such values in a URI's query.
 */
public final class Scrubber {

    public static final String REDACTED = "[redacted]";

    private static final Set<String> SENSITIVE_NAMES = Set.of(
            "authorization",
            "proxy-authorization",
            "access_token",
            "accesstoken",
            "refresh_token",
            "id_token",
            "token",
            "client_secret",
            "client_assertion",
            "password",
            "secret",
            "private_key",
            "privatekey",
            "certificate",
            "x5c",
            "cookie",
            "set-cookie");

    private static final Pattern SECRET = Pattern.compile(
            "eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*" // JWS / JWT compact serialisation
                    + "|-----BEGIN [A-Z ]+-----" // PEM
                    + "|(?i:bearer)\\s+[A-Za-z0-9._~+/=-]{8,}" // an HTTP bearer credential
                    + "|MII[A-Za-z0-9+/=]{200,}"); // base64 DER (certificates, keys)

    private static final Pattern QUERY_SECRET = Pattern.compile(
            "(?i)([?&;](?:access_token|token|id_token|refresh_token|client_secret|client_assertion|password|code)=)"
                    + "[^&;#]*");

    private Scrubber() {}

    /** A copy of the value without credentials (null stays null). */
    public static JsonNode scrub(JsonNode value) {
        return value == null ? null : clean(value.deepCopy());
    }

    /** The URI without credentials in its query or anywhere else (null stays null). */
    public static String scrub(String uri) {
        if (uri == null) {
            return null;
        }
        String out = QUERY_SECRET.matcher(uri).replaceAll("$1" + REDACTED);
        return SECRET.matcher(out).replaceAll(REDACTED);
    }

    private static JsonNode clean(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (SENSITIVE_NAMES.contains(f.getKey().toLowerCase(Locale.ROOT))) {
                    f.setValue(TextNode.valueOf(REDACTED));
                } else {
                    f.setValue(clean(f.getValue()));
                }
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, clean(array.get(i)));
            }
            return array;
        }
        if (node.isTextual() && SECRET.matcher(node.asText()).find()) {
            return TextNode.valueOf(SECRET.matcher(node.asText()).replaceAll(REDACTED));
        }
        return node;
    }
}
