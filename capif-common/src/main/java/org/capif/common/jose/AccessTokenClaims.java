package org.capif.common.jose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.capif.common.scope.CapifScope;

/**
 * The claims of a CAPIF access token (TS 33.122 Annex C.2 and our profile, see {@code docs/security.md}). Parsing
 * requires {@code iss}, {@code sub}, {@code client_id}, {@code aud}, {@code scope} (CAPIF grammar), {@code iat},
 * {@code exp}, {@code jti} and {@code cnf.x5t#S256}; {@code nbf} is optional.
 */
public record AccessTokenClaims(
        String iss,
        String sub,
        String clientId,
        List<String> aud,
        CapifScope scope,
        long iat,
        long exp,
        Long nbf,
        String jti,
        String x5tS256) {

    /**
     * Leeway for clocks of the authorization function and validators that differ slightly (TS 33.122 Annex C: at most
     * 30 s): a token counts as live until {@code exp} plus this, so whatever tracks live tokens (revocations) keeps them
     * that long too.
     */
    public static final long CLOCK_SKEW_SECONDS = 30;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** True while a validator may still accept this token (its {@code exp} plus the clock skew not reached). */
    public static boolean live(long exp, long nowEpochSecond) {
        return exp + CLOCK_SKEW_SECONDS > nowEpochSecond;
    }

    static AccessTokenClaims parse(byte[] payload) {
        JsonNode c;
        try {
            c = JSON.readTree(payload);
        } catch (IOException e) {
            throw new MalformedTokenException("claims are not JSON");
        }
        if (c == null || !c.isObject()) {
            throw new MalformedTokenException("claims are not a JSON object");
        }
        List<String> aud = new ArrayList<>();
        JsonNode a = c.get("aud");
        if (a != null && a.isTextual()) {
            aud.add(a.asText());
        } else if (a != null && a.isArray()) {
            a.forEach(v -> {
                if (v.isTextual()) {
                    aud.add(v.asText());
                }
            });
        }
        JsonNode cnf = c.get("cnf");
        String x5t = cnf != null && cnf.isObject() ? text(cnf, "x5t#S256") : null;
        String scope = text(c, "scope");
        CapifScope parsed = scope == null ? null : CapifScope.parse(scope).orElse(null);
        AccessTokenClaims claims = new AccessTokenClaims(
                text(c, "iss"),
                text(c, "sub"),
                text(c, "client_id"),
                List.copyOf(aud),
                parsed,
                number(c, "iat"),
                number(c, "exp"),
                c.has("nbf") ? number(c, "nbf") : null,
                text(c, "jti"),
                x5t);
        if (claims.iss == null
                || claims.sub == null
                || claims.clientId == null
                || !claims.sub.equals(claims.clientId)
                || claims.aud.isEmpty()
                || claims.scope == null
                || claims.jti == null
                || claims.x5tS256 == null
                || claims.iat < 0
                || claims.exp < 0) {
            throw new MalformedTokenException("claims miss iss, sub=client_id, aud, scope, iat, exp, jti or cnf");
        }
        return claims;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static long number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new MalformedTokenException(field + " is not a NumericDate");
        }
        return v.asLong();
    }
}
