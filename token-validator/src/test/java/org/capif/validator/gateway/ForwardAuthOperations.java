package org.capif.validator.gateway;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.capif.testing.edge.Operation;
import org.capif.testing.pki.Credential;
import org.capif.validator.World;

/**
 * The HTTP forward-auth endpoint ({@value ForwardAuthRoutes#PREFIX}) for the hostile-input sweep: the well-behaved call
 * of an NGINX gateway (an allowed invocation) and every way a gateway, a misconfigured one, or an invoker through it,
 * can spoil it: the original method and URI (NUL, bad and encoded-control percent-encoding, raw bytes, dot segments,
 * absolute and scheme-relative forms, given twice, empty, oversize), the forwarded certificate (bad escaping, raw
 * bytes, another invoker's, repeated, both headers, several XFCC elements), the token and the route headers (missing,
 * repeated, garbage), bad and foreign methods, an oversize body, and forged certificate headers from callers that are
 * not the AEF's gateway (an invoker, an unregistered AEF). Each must be a 4xx ProblemDetails with a documented cause:
 * 401 and 403 are the gateway's refusals (with {@code WWW-Authenticate} where docs/gateways.md says).
 *
 * <p>{@code Accept} variants are not sent: a gateway passes on the invoker's own {@code Accept}, which says nothing
 * about the (always the same) answer of the authorizer and must not refuse an invocation.
 */
public final class ForwardAuthOperations {

    private static final String ROUTE = "/" + Gateways.QOS + "/v1/scs-1/subscriptions";

    private ForwardAuthOperations() {}

    /** The operations of the sweep on this port; the gateway's world (AEF, APIs, invokers) is set up here. */
    public static List<Operation> hostile(int port) {
        Credential gateway = Gateways.aef();
        World.Invoker invoker = Gateways.invoker();
        World.Invoker other = Gateways.invoker();
        String token = Gateways.token(invoker, Gateways.QOS);
        String cert = EnvoyClient.escapedPem(invoker.credential());
        String otherCert = EnvoyClient.escapedPem(other.credential());
        return List.of(
                nginx(gateway, token, cert, port),
                // forged certificate headers from a caller that is not the AEF's gateway
                nginx(invoker.credential(), token, cert, port)
                        .hostileHeader(
                                "forged x-forwarded-client-cert", ForwardedCertificates.XFCC, "Cert=\"" + cert + "\""),
                nginx(World.unregisteredAef(Gateways.AEF), token, cert, port)
                        .hostileHeader(
                                "forged x-forwarded-client-cert", ForwardedCertificates.XFCC, "Cert=\"" + cert + "\""));
    }

    private static Operation nginx(Credential caller, String token, String cert, int port) {
        Operation op = Operation.call("GET", ForwardAuthRoutes.PREFIX)
                .header("Authorization", "Bearer " + token)
                .header("X-Capif-Api-Name", Gateways.QOS)
                .header("X-Original-Method", "GET")
                .header("X-Original-URI", ROUTE)
                .header(ForwardedCertificates.CLIENT_CERT, cert)
                .acceptIgnored()
                .as(caller)
                .on(port);
        methods(op);
        uris(op);
        certificates(op, cert);
        tokensAndRoutes(op, token);
        op.hostileBody(
                "body over the size limit",
                "POST",
                "application/json",
                ("{\"p\":\"" + "p".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
        return op;
    }

    private static void methods(Operation op) {
        for (String m : new String[] {"FOO", "G\u00ffT", "GET POST", "", "G\tET", "CONNECT", "x".repeat(300)}) {
            op.hostileHeader("original method '" + printable(m) + "'", "X-Original-Method", m);
        }
        op.hostileHeaders(
                "original method given twice", headers("X-Original-Method", "GET", "X-Forwarded-Method", "PUT"));
        op.hostileHeader("original method repeated", "X-Original-Method", "GET\r\nX-Original-Method: DELETE");
        // Envoy's HTTP service: the method of the request itself and the path after the prefix
        Map<String, String> envoy = headers("X-Original-Method", null, "X-Original-URI", null);
        // (Netty trims control characters around a method, so "GET\0" is read as GET: the NUL goes inside)
        for (String m : new String[] {"FOO", "TRACE", "G\u00ffT", "G\u0000T"}) {
            op.hostileRequest(
                    "request method '" + printable(m) + "'", m, ForwardAuthRoutes.PREFIX + ROUTE, envoy, true);
        }
    }

    private static void uris(Operation op) {
        String[][] uris = {
            {"NUL", "/" + Gateways.QOS + "/v1/scs-1%00/subscriptions"},
            {"bad percent-encoding", "/" + Gateways.QOS + "/v1/%zz/subscriptions"},
            {"truncated percent-encoding", "/" + Gateways.QOS + "/v1/scs-1/subscriptions%2"},
            {"encoded control character", "/" + Gateways.QOS + "/v1/scs%0A1/subscriptions"},
            {"raw byte 0xFF", "/" + Gateways.QOS + "/v1/scs\u00ff/subscriptions"},
            {"raw invalid UTF-8", "/" + Gateways.QOS + "/v1/scs\u00c3\u0028/subscriptions"},
            {"raw space", "/" + Gateways.QOS + "/v1/scs 1/subscriptions"},
            {"encoded slash", "/" + Gateways.QOS + "/v1/a%2Fb/subscriptions"},
            {"encoded dot-dot", "/" + Gateways.QOS + "/v1/scs-1/%2e%2e/subscriptions"},
            {"dot-dot", "/" + Gateways.QOS + "/v1/scs-1/subscriptions/../../../../admin"},
            {"backslash", "/" + Gateways.QOS + "/v1/scs-1\\..\\subscriptions"},
            {"relative", Gateways.QOS + "/v1/scs-1/subscriptions"},
            {"absolute", "https://evil.example" + ROUTE},
            {"scheme-relative", "//evil.example" + ROUTE},
            {"fragment", ROUTE + "#x"},
            {"empty", ""},
        };
        for (String[] u : uris) {
            op.hostileHeader("original URI: " + u[0], "X-Original-URI", u[1]);
        }
        op.hostileHeaders(
                "original URI given twice", headers("X-Original-URI", ROUTE, "X-Forwarded-Uri", ROUTE + "/sub-1"));
        op.hostileHeader("original URI repeated", "X-Original-URI", ROUTE + "\r\nX-Original-URI: " + ROUTE + "/x");
        Map<String, String> envoy = headers("X-Original-Method", null, "X-Original-URI", null);
        for (String[] u : new String[][] {
            {"NUL", "/" + Gateways.QOS + "/v1/scs-1%00/subscriptions"},
            {"bad percent-encoding", "/" + Gateways.QOS + "/v1/%zz/subscriptions"},
            {"traversal", "/../decisions"},
            {"encoded traversal", "/%2e%2e/%2e%2e" + ROUTE},
            {"none", ""},
        }) {
            // a malformed escape in the request's own path is refused by Vert.x before routing (docs/errors.md)
            boolean bare = u[0].equals("bad percent-encoding");
            op.hostileRequest("path after the prefix: " + u[0], "GET", ForwardAuthRoutes.PREFIX + u[1], envoy, bare);
        }
        op.hostileRequest(
                "request line over the limit", "GET", ForwardAuthRoutes.PREFIX + "/" + "z".repeat(5000), envoy, true);
        op.hostileRequest(
                "headers over the limit", "GET", ForwardAuthRoutes.PREFIX, headers("X-Pad", "p".repeat(17_000)), true);
    }

    private static void certificates(Operation op, String cert) {
        String cc = ForwardedCertificates.CLIENT_CERT;
        String xfcc = ForwardedCertificates.XFCC;
        op.hostileHeader("forwarded certificate: bad percent-encoding", cc, cert.replaceFirst("%", "%zz"));
        op.hostileHeader("forwarded certificate: encoded NUL", cc, cert.replaceFirst("%0A", "%00"));
        op.hostileHeader("forwarded certificate: raw byte 0xFF", cc, cert.replaceFirst("%0A", "\u00ff"));
        op.hostileHeader("forwarded certificate: truncated", cc, cert.substring(0, cert.length() / 2));
        op.hostileHeader("forwarded certificate: not PEM", cc, "garbage");
        op.hostileHeader("forwarded certificate: missing", cc, null);
        op.hostileHeader(
                "forwarded certificate: repeated, then another invoker's",
                cc,
                cert + "\r\n" + cc + ": "
                        + EnvoyClient.escapedPem(Gateways.invoker().credential()));
        op.hostileHeader(
                "forwarded certificate: another invoker's",
                cc,
                EnvoyClient.escapedPem(Gateways.invoker().credential()));
        op.hostileHeader("both certificate headers", xfcc, "Cert=\"" + cert + "\"");
        op.hostileHeaders(
                "x-forwarded-client-cert: two elements (a client's passed on)",
                headers(cc, null, xfcc, "Cert=\"" + cert + "\",Cert=\"" + cert + "\""));
        op.hostileHeaders(
                "x-forwarded-client-cert: repeated",
                headers(cc, null, xfcc, "Cert=\"" + cert + "\"\r\n" + xfcc + ": x"));
        op.hostileHeaders("x-forwarded-client-cert: bad hash", headers(cc, null, xfcc, "Hash=" + "zz".repeat(32)));
        op.hostileHeaders("x-forwarded-client-cert: garbage", headers(cc, null, xfcc, ";;==\",\"\\"));
        op.hostileHeaders("ssl-client-cert (another name) only", headers(cc, null, "ssl-client-cert", cert));
    }

    private static void tokensAndRoutes(Operation op, String token) {
        String[][] authorizations = {
            {"missing", null},
            {"Basic", "Basic dXNlcjpwYXNz"},
            {"empty bearer", "Bearer "},
            {"garbage", "Bearer not.a.token"},
            {"raw bytes", "Bearer \u00ff\u00fe"},
            {"over 8192 characters", "Bearer " + "a".repeat(9000)},
            {"repeated", "Bearer " + token + "\r\nAuthorization: Bearer " + token},
            {"repeated, then garbage", "Bearer " + token + "\r\nAuthorization: Bearer x"},
        };
        for (String[] a : authorizations) {
            op.hostileHeader("Authorization: " + a[0], "Authorization", a[1]);
        }
        op.hostileHeader("API name: unknown", "X-Capif-Api-Name", "no-such-api");
        op.hostileHeader("API name: raw bytes", "X-Capif-Api-Name", "as-session\u00ff");
        op.hostileHeader("API name: encoded NUL", "X-Capif-Api-Name", "%00");
        op.hostileHeader(
                "API name: repeated, differently",
                "X-Capif-Api-Name",
                Gateways.QOS + "\r\nX-Capif-Api-Name: " + Gateways.MONITORING);
        op.hostileHeader("API id: unknown", "X-Capif-Api-Id", "no-such-id");
        op.hostileHeader("API id: raw bytes", "X-Capif-Api-Id", "\u00ff");
        op.hostileHeader("AEF id: another AEF", "X-Capif-Aef-Id", World.AEF);
        op.hostileHeader("AEF id: NUL", "X-Capif-Aef-Id", "a%00");
        op.hostileHeader("AEF id: repeated", "X-Capif-Aef-Id", Gateways.AEF + "\r\nX-Capif-Aef-Id: " + World.AEF);
    }

    /** Headers in order; a null value leaves one out. */
    private static Map<String, String> headers(String... nameValues) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            h.put(nameValues[i], nameValues[i + 1]);
        }
        return h;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.length() > 20 ? (s.substring(0, 20) + "...").toCharArray() : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02X", (int) c));
        }
        return b.toString();
    }
}
