package org.capif.common.jose;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.Base64;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.JoseException;

/**
 * A CAPIF access token (JWS compact serialization, RFC 7515 §7.1) checked with jose4j, failing closed. {@link #parse}
 * runs the structural and header checks, in this order, each with its {@link TokenRefusal}:
 *
 * <ol>
 *   <li>at most {@link #MAX_LENGTH} characters, exactly three non-empty parts (a JWE or nested token has five), each
 *       the canonical base64url encoding of its bytes: only the base64url alphabet, no {@code =} padding, no non-zero
 *       trailing bits (decoding then encoding gives back the part exactly), so that one token has one string;
 *       the header a JSON object without duplicate member names ({@code MALFORMED});
 *   <li>{@code typ} exactly {@code at+jwt}, the value the authorization function writes ({@code WRONG_TYPE});
 *   <li>{@code alg} exactly {@code ES256} (case-sensitive, RFC 7515 §4.1.1): {@code none}, HMAC and every other
 *       algorithm are refused before any key is touched ({@code ALGORITHM_NOT_ALLOWED});
 *   <li>no {@code crit} (with any value, even the empty array that RFC 7515 §4.1.11 forbids: no extension is
 *       implemented) and no {@code b64} (RFC 7797 makes it critical) ({@code UNSUPPORTED_CRITICAL_HEADER});
 *   <li>{@code kid}, if present, a string ({@code MALFORMED}); absent means no key ({@code UNKNOWN_KEY}, for the
 *       caller to answer). Keys are only ever looked up by {@code kid} in the authorization function's JWK Set:
 *       {@code jwk}, {@code x5c}, {@code jku}, {@code x5u} and the other key-bearing headers are never read, let alone
 *       fetched or trusted.
 * </ol>
 *
 * {@link #verifies} then checks the key (P-256 by its curve parameters) and the signature (canonical low-S R||S,
 * {@link EcdsaSignatures}), and has jose4j verify it with ES256 as the only permitted algorithm; {@link #claims}
 * reads the claims only after that ({@link AccessTokenClaims#from}).
 */
public final class AccessTokenJws {

    /** Longest token accepted; anything longer is refused before decoding (a bounded amount of work per request). */
    public static final int MAX_LENGTH = 8192;

    /** The {@code typ} of CAPIF access tokens (RFC 9068 §2.1), exactly as the authorization function writes it. */
    public static final String TYPE = "at+jwt";

    /** The only permitted {@code alg}. */
    public static final String ALGORITHM = AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256;

    private static final AlgorithmConstraints ES256_ONLY =
            new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, ALGORITHM);
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final JsonWebSignature jws;
    private final String kid;
    private final byte[] signature;
    private boolean verified;

    private AccessTokenJws(JsonWebSignature jws, String kid, byte[] signature) {
        this.jws = jws;
        this.kid = kid;
        this.signature = signature;
    }

    /** Runs the structural and header checks; throws {@link TokenRefusedException} at the first that fails. */
    public static AccessTokenJws parse(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            throw refused(TokenRefusal.MALFORMED, "empty or longer than " + MAX_LENGTH + " characters");
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            throw refused(TokenRefusal.MALFORMED, "not three parts (a JWE or nested token is not an access token)");
        }
        byte[] header = canonical(token, 0, first, "header");
        canonical(token, first + 1, second, "payload");
        byte[] signature = canonical(token, second + 1, token.length(), "signature");
        Map<String, Object> h;
        JsonWebSignature jws = new JsonWebSignature();
        try {
            h = JsonUtil.parseJson(utf8(header));
            jws.setCompactSerialization(token);
        } catch (JoseException | CharacterCodingException | RuntimeException e) {
            // jose4j reports duplicate member names, non-objects and syntax errors this way; some as runtime errors
            throw refused(TokenRefusal.MALFORMED, "header is not a JSON object with unique member names");
        }
        if (!TYPE.equals(h.get("typ"))) {
            throw refused(TokenRefusal.WRONG_TYPE, "typ is not " + TYPE);
        }
        if (!ALGORITHM.equals(h.get("alg"))) {
            throw refused(TokenRefusal.ALGORITHM_NOT_ALLOWED, "alg is not " + ALGORITHM);
        }
        if (h.containsKey("crit") || h.containsKey("b64")) {
            throw refused(TokenRefusal.UNSUPPORTED_CRITICAL_HEADER, "crit or b64 header: no extension is supported");
        }
        Object kid = h.get("kid");
        if (h.containsKey("kid") && !(kid instanceof String)) {
            throw refused(TokenRefusal.MALFORMED, "kid is not a string");
        }
        return new AccessTokenJws(jws, (String) kid, signature);
    }

    /** The header's {@code kid}, or null if it has none (which names no key). */
    public String kid() {
        return kid;
    }

    /**
     * Whether the signature is a canonical ES256 signature of this token under {@code key}, which must be a P-256
     * public key by its curve parameters with its point on the curve. Never throws.
     */
    public boolean verifies(Key key) {
        if (!P256.isPublicKey(key) || !EcdsaSignatures.isCanonical(signature)) {
            return false;
        }
        try {
            jws.setAlgorithmConstraints(ES256_ONLY);
            jws.setKey(key);
            verified = jws.verifySignature();
            return verified;
        } catch (JoseException | RuntimeException e) {
            return false;
        }
    }

    /** The claims, once {@link #verifies} returned true; {@code MALFORMED} if not a complete access token claim set. */
    public AccessTokenClaims claims() {
        if (!verified) {
            throw new IllegalStateException("claims of a token whose signature did not verify");
        }
        try {
            return AccessTokenClaims.from(JwtClaims.parse(utf8(jws.getPayloadBytes())));
        } catch (InvalidJwtException | JoseException | CharacterCodingException e) {
            throw refused(TokenRefusal.MALFORMED, "claims are not a JSON object with unique member names");
        }
    }

    /**
     * Decodes {@code token[from, to)}, which must be non-empty base64url in its canonical form: decoding and encoding
     * again reproduces it character for character (this refuses padding, whitespace and stray trailing bits, all of
     * which lenient decoders, jose4j's among them, accept).
     */
    private static byte[] canonical(String token, int from, int to, String part) {
        if (to <= from) {
            throw refused(TokenRefusal.MALFORMED, part + " is empty");
        }
        for (int i = from; i < to; i++) {
            char c = token.charAt(i);
            boolean alphabet =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!alphabet) {
                throw refused(TokenRefusal.MALFORMED, part + " is not unpadded base64url");
            }
        }
        String encoded = token.substring(from, to);
        byte[] decoded;
        try {
            decoded = DECODER.decode(encoded);
        } catch (IllegalArgumentException e) {
            throw refused(TokenRefusal.MALFORMED, part + " is not base64url");
        }
        if (!ENCODER.encodeToString(decoded).equals(encoded)) {
            throw refused(TokenRefusal.MALFORMED, part + " is not in canonical base64url");
        }
        return decoded;
    }

    private static String utf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    private static TokenRefusedException refused(TokenRefusal refusal, String message) {
        return new TokenRefusedException(refusal, message);
    }
}
