package org.capif.validator;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.capif.common.cert.KeyPairs;

/** The authorization function's signing keys as far as the validator's tests need them: generated, published. */
public final class SigningKeys {

    private static final Map<String, KeyPair> PUBLISHED = new LinkedHashMap<>();

    static {
        PUBLISHED.put("k1", KeyPairs.ecP256());
    }

    private SigningKeys() {}

    public static synchronized KeyPair get(String kid) {
        return PUBLISHED.get(kid);
    }

    /** Publishes a new key (as rotation does) and returns it. */
    public static synchronized KeyPair publish(String kid) {
        return PUBLISHED.computeIfAbsent(kid, k -> KeyPairs.ecP256());
    }

    /** Publishes a new key under an existing kid (a careless rotation after a compromise) and returns it. */
    public static synchronized KeyPair replace(String kid) {
        KeyPair fresh = KeyPairs.ecP256();
        PUBLISHED.put(kid, fresh);
        return fresh;
    }

    /** Withdraws a key from the published set (as after a compromise). */
    public static synchronized void withdraw(String kid) {
        PUBLISHED.remove(kid);
    }

    public static synchronized String jwks() {
        StringBuilder sb = new StringBuilder("{\"keys\":[");
        boolean first = true;
        for (Map.Entry<String, KeyPair> e : PUBLISHED.entrySet()) {
            ECPublicKey k = (ECPublicKey) e.getValue().getPublic();
            sb.append(first ? "" : ",")
                    .append("{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ES256\",\"use\":\"sig\",\"kid\":\"")
                    .append(e.getKey())
                    .append("\",\"x\":\"")
                    .append(b64(k.getW().getAffineX()))
                    .append("\",\"y\":\"")
                    .append(b64(k.getW().getAffineY()))
                    .append("\"}");
            first = false;
        }
        return sb.append("]}").toString();
    }

    private static String b64(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] fixed = new byte[32];
        raw = raw.length > 32 ? Arrays.copyOfRange(raw, raw.length - 32, raw.length) : raw;
        System.arraycopy(raw, 0, fixed, 32 - raw.length, raw.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }
}
