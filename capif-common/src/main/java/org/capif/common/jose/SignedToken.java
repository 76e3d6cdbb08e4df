package org.capif.common.jose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;

/**
 * A JWS compact serialization taken apart without trusting anything in it (RFC 7515 §5.2): three base64url parts, a
 * JSON header, and the signing input kept as received. {@link #verifyEs256} verifies against one EC P-256 key; the
 * header's {@code alg} is only an indication that the caller checks against its allow-list first.
 */
public final class SignedToken {

    /** Longest token accepted; anything longer is refused before decoding (a bounded amount of work per request). */
    public static final int MAX_LENGTH = 8192;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

    private final JsonNode header;
    private final byte[] signingInput;
    private final byte[] payload;
    private final byte[] signature;

    private SignedToken(JsonNode header, byte[] signingInput, byte[] payload, byte[] signature) {
        this.header = header;
        this.signingInput = signingInput;
        this.payload = payload;
        this.signature = signature;
    }

    /** Splits and decodes the token; throws {@link MalformedTokenException} for anything that is not a JWS. */
    public static SignedToken parse(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            throw new MalformedTokenException("empty or longer than " + MAX_LENGTH + " characters");
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.length() - 1 || token.indexOf('.', second + 1) >= 0) {
            throw new MalformedTokenException("not three non-empty base64url parts");
        }
        try {
            JsonNode header = JSON.readTree(B64.decode(token.substring(0, first)));
            if (header == null || !header.isObject()) {
                throw new MalformedTokenException("header is not a JSON object");
            }
            byte[] payload = B64.decode(token.substring(first + 1, second));
            byte[] signature = B64.decode(token.substring(second + 1));
            return new SignedToken(
                    header, token.substring(0, second).getBytes(StandardCharsets.US_ASCII), payload, signature);
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new MalformedTokenException("undecodable: " + e.getClass().getSimpleName());
        }
    }

    /** A header parameter as text, or null. */
    public String header(String name) {
        JsonNode v = header.get(name);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** Whether the signature is a valid ES256 signature of the signing input under this P-256 key. */
    public boolean verifyEs256(PublicKey key) {
        if (!(key instanceof ECPublicKey ec)
                || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            return false;
        }
        byte[] der = EcdsaSignatures.concatToDer(signature, 32);
        if (der == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(signingInput);
            return verifier.verify(der);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The claims; throws {@link MalformedTokenException} if the payload is not an access token claim set. */
    public AccessTokenClaims claims() {
        return AccessTokenClaims.parse(payload);
    }
}
