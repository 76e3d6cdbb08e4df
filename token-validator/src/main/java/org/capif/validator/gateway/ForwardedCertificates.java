package org.capif.validator.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.capif.common.cert.Pem;
import org.capif.common.cert.Thumbprints;

/**
 * The invoker's certificate as a gateway forwards it, turned into its {@code x5t#S256} (RFC 8705 §3.1). Trusted only
 * because the caller is the AEF's gateway (mutual TLS with the AEF's registered certificate): the gateway verified the
 * invoker's TLS client certificate against the CAPIF CA; here it is only compared, by thumbprint, with the token's
 * {@code cnf} and with the one certificate CAPIF pins for the invoker. Accepted forms:
 *
 * <ul>
 *   <li>Envoy's gRPC {@code attributes.source.certificate}: the URL-encoded PEM ({@code include_peer_certificate});
 *   <li>{@code x-forwarded-client-cert} in Envoy's format with exactly one element ({@code forward_client_cert_details:
 *       SANITIZE_SET}): its {@code Cert} (URL-encoded PEM) or else its {@code Hash} (hex SHA-256 of the DER); several
 *       elements mean a client-supplied header was passed on, and count as no certificate;
 *   <li>{@code x-client-cert}: the URL-encoded PEM (NGINX {@code $ssl_client_escaped_cert}).
 * </ul>
 *
 * Anything unreadable counts as no certificate, which the certificate binding then refuses.
 *
 * <p>A gateway forwards the same few certificates over and over (each invoker's, on every call), and decoding and
 * parsing one costs more than the rest of a decision, so the thumbprints of the last certificates read are kept, keyed
 * by the exact forwarded text: equal texts are the same certificate, so a cached answer can never belong to another.
 * Only readable certificates are kept; the cache holds at most {@value #CACHE_CHARACTERS} characters of keys.
 */
public final class ForwardedCertificates {

    /** Envoy's header. */
    public static final String XFCC = "x-forwarded-client-cert";

    /** The URL-encoded PEM header (NGINX {@code $ssl_client_escaped_cert}). */
    public static final String CLIENT_CERT = "x-client-cert";

    private static final int MAX_LENGTH = 16 * 1024;

    /** Bound of the thumbprint cache, in characters of forwarded text (a certificate is 1 to 3 thousand). */
    static final int CACHE_CHARACTERS = 2 * 1024 * 1024;

    private static final Cache<String, String> THUMBPRINTS = Caffeine.newBuilder()
            .maximumWeight(CACHE_CHARACTERS)
            .weigher((String escaped, String thumbprint) -> escaped.length())
            .executor(Runnable::run)
            .build();

    private ForwardedCertificates() {}

    /** The thumbprint of a URL-encoded PEM certificate, if it is one. */
    public static Optional<String> fromEscapedPem(String escaped) {
        if (escaped == null || escaped.isEmpty() || escaped.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String cached = THUMBPRINTS.getIfPresent(escaped);
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            String pem = percentDecode(escaped);
            X509Certificate certificate = Pem.certificate(pem);
            String thumbprint = Thumbprints.x5tS256(certificate);
            THUMBPRINTS.put(escaped, thumbprint);
            return Optional.of(thumbprint);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Percent-decoding only: a {@code +} stays a {@code +} (base64 has them, and Envoy and NGINX escape what they must
     * as {@code %XX}), unlike {@link java.net.URLDecoder}, which would turn it into a space.
     */
    static String percentDecode(String s) {
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out[n++] = (byte) HexFormat.fromHexDigits(s, i + 1, i + 3);
                i += 2;
            } else if (c < 0x80) {
                out[n++] = (byte) c;
            } else {
                throw new IllegalArgumentException("not an escaped PEM");
            }
        }
        return new String(out, 0, n, StandardCharsets.US_ASCII);
    }

    /** The thumbprint from an {@code x-forwarded-client-cert} header with exactly one element. */
    public static Optional<String> fromXfcc(String header) {
        if (header == null || header.isEmpty() || header.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        List<String> elements = split(header, ',');
        if (elements.size() != 1) {
            return Optional.empty();
        }
        String cert = null;
        String hash = null;
        for (String pair : split(elements.get(0), ';')) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = unquote(pair.substring(eq + 1).trim());
            if (key.equals("cert")) {
                cert = value;
            } else if (key.equals("hash")) {
                hash = value;
            }
        }
        if (cert != null) {
            return fromEscapedPem(cert);
        }
        if (hash != null && hash.length() == 64) {
            try {
                byte[] digest = HexFormat.of().parseHex(hash);
                return Optional.of(
                        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Splits on a separator outside double quotes (a backslash escapes the next character inside them). */
    static List<String> split(String s, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\' && i + 1 < s.length()) {
                current.append(c).append(s.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                current.append(c);
            } else if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return v;
    }
}
