package org.capif.common.jose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.capif.common.scope.CapifScope;
import org.jose4j.jwt.JwtClaims;

/**
 * The claims of a CAPIF access token (TS 33.122 Annex C.2 and our profile, see {@code docs/security.md}), read from a
 * verified claim set by {@link #from}, which requires, by type: {@code iss}, {@code sub}, {@code client_id} (equal to
 * {@code sub}) and {@code jti} strings; {@code aud} a string or a non-empty array of strings; {@code scope} a string in
 * the CAPIF grammar; {@code iat} and {@code exp} (and {@code nbf}, optional) NumericDates that are integers from 0 to
 * {@link #MAX_NUMERIC_DATE}; {@code cnf} an object with an {@code x5t#S256} string. Anything else is {@code MALFORMED}:
 * a fraction, a number in exponent notation or beyond the bound is refused rather than truncated or overflowed.
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

    /** The largest NumericDate accepted: 9999-12-31T23:59:59Z; arithmetic on it cannot overflow. */
    public static final long MAX_NUMERIC_DATE = 253_402_300_799L;

    /** True while a validator may still accept this token (its {@code exp} plus the clock skew not reached). */
    public static boolean live(long exp, long nowEpochSecond) {
        return exp + CLOCK_SKEW_SECONDS > nowEpochSecond;
    }

    /** The access token claims of a claim set; {@link TokenRefusal#MALFORMED} if anything is missing or mistyped. */
    public static AccessTokenClaims from(JwtClaims claims) {
        Map<String, Object> c = claims.getClaimsMap();
        String sub = text(c, "sub");
        String clientId = text(c, "client_id");
        if (!sub.equals(clientId)) {
            throw malformed("sub and client_id differ");
        }
        String scope = text(c, "scope");
        CapifScope parsed = CapifScope.parse(scope).orElseThrow(() -> malformed("scope is not a CAPIF scope"));
        Object cnf = c.get("cnf");
        if (!(cnf instanceof Map<?, ?> binding) || !(binding.get("x5t#S256") instanceof String x5t)) {
            throw malformed("cnf has no x5t#S256 string");
        }
        return new AccessTokenClaims(
                text(c, "iss"),
                sub,
                clientId,
                audience(c.get("aud")),
                parsed,
                numericDate(c, "iat"),
                numericDate(c, "exp"),
                c.containsKey("nbf") ? numericDate(c, "nbf") : null,
                text(c, "jti"),
                x5t);
    }

    private static String text(Map<String, Object> c, String name) {
        if (!(c.get(name) instanceof String value) || value.isEmpty()) {
            throw malformed(name + " is not a non-empty string");
        }
        return value;
    }

    private static List<String> audience(Object aud) {
        if (aud instanceof String single) {
            return List.of(single);
        }
        if (!(aud instanceof List<?> list) || list.isEmpty()) {
            throw malformed("aud is not a string or a non-empty array of strings");
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object entry : list) {
            if (!(entry instanceof String s)) {
                throw malformed("aud is not a string or a non-empty array of strings");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** jose4j reads integers as Long (BigInteger when larger) and anything with a fraction or exponent as Double. */
    private static long numericDate(Map<String, Object> c, String name) {
        if (!(c.get(name) instanceof Long value) || value < 0 || value > MAX_NUMERIC_DATE) {
            throw malformed(name + " is not an integer NumericDate between 0 and " + MAX_NUMERIC_DATE);
        }
        return value;
    }

    private static TokenRefusedException malformed(String message) {
        return new TokenRefusedException(TokenRefusal.MALFORMED, message);
    }
}
