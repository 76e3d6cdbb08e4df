package org.capif.common.jose;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.capif.common.cert.KeyPairs;
import org.jose4j.jws.EcdsaUsingShaAlgorithm;

/** Test fixture: compact JWSs from raw header and claims JSON, signed ES256 with a test key, low-S. */
final class Jws {

    static final KeyPair KEY = KeyPairs.ecP256();
    static final String HEADER = "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"k1\"}";

    private Jws() {}

    static String b64(String json) {
        return b64(json.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Claims as the authorization function issues them, valid now. */
    static String claims() {
        long now = Instant.now().getEpochSecond();
        return claims("\"iat\":" + now + ",\"exp\":" + (now + 600));
    }

    /** Claims with the given time members (raw JSON, e.g. {@code "iat":1,"exp":2}). */
    static String claims(String times) {
        return "{\"iss\":\"https://capif.test/capif-security\",\"sub\":\"inv-1\",\"client_id\":\"inv-1\","
                + "\"aud\":[\"aef-demo\"],\"scope\":\"3gpp#aef-demo:api\"," + times
                + ",\"jti\":\"j-1\",\"cnf\":{\"x5t#S256\":\"thumb\"}}";
    }

    static String sign(String header, String claims) {
        return signParts(b64(header), b64(claims), KEY);
    }

    /** Signs already encoded header and payload parts as they are. */
    static String signParts(String header, String payload, KeyPair key) {
        return header + "." + payload + "." + b64(rawSignature(header + "." + payload, key));
    }

    /** The low-S R||S signature of the signing input. */
    static byte[] rawSignature(String signingInput, KeyPair key) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key.getPrivate());
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return EcdsaSignatures.toLowS(EcdsaUsingShaAlgorithm.convertDerToConcatenated(s.sign(), 64));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
