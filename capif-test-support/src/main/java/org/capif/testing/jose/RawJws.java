package org.capif.testing.jose;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import org.capif.common.jose.EcdsaSignatures;
import org.capif.common.jose.P256;
import org.jose4j.jws.EcdsaUsingShaAlgorithm;

/**
 * Hostile-input fixtures for tests: compact JWSs built from raw header and claims JSON (duplicate members, odd types,
 * anything a JOSE library would refuse to write), signed ES256 with a real key in the canonical low-S form, and the
 * re-encodings of a token an attacker could try (its high-S twin).
 */
public final class RawJws {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private RawJws() {}

    public static String b64(String json) {
        return b64(json.getBytes(StandardCharsets.UTF_8));
    }

    public static String b64(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    /** {@code header.claims.signature}, ES256 with the key over the base64url of the raw JSON, low-S. */
    public static String sign(PrivateKey key, String headerJson, String claimsJson) {
        String input = b64(headerJson) + "." + b64(claimsJson);
        return input + "." + b64(signature(key, input));
    }

    /** The token with its ES256 signature replaced by the low-S form (for tokens a library signed). */
    public static String lowS(String token) {
        int dot = token.lastIndexOf('.');
        byte[] rs = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        return token.substring(0, dot + 1) + b64(EcdsaSignatures.toLowS(rs));
    }

    /** The same token with the other valid ECDSA signature {@code (r, n - s)}: high-S if the token's is low-S. */
    public static String highSTwin(String token) {
        int dot = token.lastIndexOf('.');
        byte[] rs = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, 32, 64));
        byte[] twin = P256.N.subtract(s).toByteArray();
        byte[] out = Arrays.copyOf(rs, 64);
        Arrays.fill(out, 32, 64, (byte) 0);
        int len = Math.min(twin.length, 32);
        System.arraycopy(twin, twin.length - len, out, 64 - len, len);
        return token.substring(0, dot + 1) + b64(out);
    }

    /** True if the token's ES256 signature is in the canonical low-S form. */
    public static boolean isLowS(String token) {
        return EcdsaSignatures.isCanonical(Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1)));
    }

    private static byte[] signature(PrivateKey key, String input) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return EcdsaSignatures.toLowS(EcdsaUsingShaAlgorithm.convertDerToConcatenated(s.sign(), 64));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
