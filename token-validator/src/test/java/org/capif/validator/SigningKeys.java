package org.capif.validator;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.capif.common.cert.KeyPairs;
import org.capif.common.jose.Es256JwkSet;

/**
 * The authorization function's signing keys as far as the validator's tests need them: generated, published as a JWK
 * Set written by jose4j like the authorization function's, plus raw JWK entries a test may add (keys no authorization
 * function should publish, to see that the validator leaves them out).
 */
public final class SigningKeys {

    private static final Map<String, KeyPair> PUBLISHED = new LinkedHashMap<>();
    private static final List<String> RAW = new ArrayList<>();

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

    /** Adds a raw JWK (JSON object) to the published set as it is. */
    public static synchronized void publishRaw(String jwk) {
        RAW.add(jwk);
    }

    public static synchronized void withdrawRaw(String jwk) {
        RAW.remove(jwk);
    }

    public static synchronized String jwks() {
        Map<String, ECPublicKey> keys = new LinkedHashMap<>();
        PUBLISHED.forEach((kid, pair) -> keys.put(kid, (ECPublicKey) pair.getPublic()));
        String set = Es256JwkSet.write(keys);
        if (RAW.isEmpty()) {
            return set;
        }
        int end = set.lastIndexOf(']');
        return set.substring(0, end) + (keys.isEmpty() ? "" : ",") + String.join(",", RAW) + set.substring(end);
    }
}
