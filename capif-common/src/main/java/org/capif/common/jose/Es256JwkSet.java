package org.capif.common.jose;

import java.security.interfaces.ECPublicKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.Use;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * The JWK Set (RFC 7517 §5) of the ES256 keys that verify access tokens, written and read with jose4j. Writing emits
 * public parts only. Reading keeps a key only if it is, in every respect, one that may verify an ES256 token: key type
 * EC on the curve P-256 by its parameters with its point on the curve ({@link P256}), a string {@code kid} no other key
 * of the set has, {@code use} absent or {@code sig}, {@code alg} absent or {@code ES256}, and {@code key_ops} absent or
 * including {@code verify}. Everything else (RSA, symmetric and OKP keys, other curves, invalid points, ambiguous
 * kids) is left out, so it can never verify a token.
 */
public final class Es256JwkSet {

    private Es256JwkSet() {}

    /** The JWK Set of these keys by kid, public parts only, each marked {@code use: sig}, {@code alg: ES256}. */
    public static String write(Map<String, ECPublicKey> keys) {
        try {
            JsonWebKeySet set = new JsonWebKeySet();
            for (Map.Entry<String, ECPublicKey> e : keys.entrySet()) {
                if (!P256.isPublicKey(e.getValue())) {
                    throw new IllegalArgumentException("key " + e.getKey() + " is not a P-256 public key");
                }
                PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(e.getValue());
                jwk.setKeyId(e.getKey());
                jwk.setUse(Use.SIGNATURE);
                jwk.setAlgorithm(AccessTokenJws.ALGORITHM);
                set.addJsonWebKey(jwk);
            }
            return set.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException e) {
            throw new IllegalArgumentException("JWK Set cannot be written: " + e.getMessage(), e);
        }
    }

    /** The ES256 verification keys of a JWK Set by kid; throws {@link IllegalArgumentException} if it is not one. */
    public static Map<String, ECPublicKey> read(String json) {
        List<JsonWebKey> jwks;
        try {
            jwks = new JsonWebKeySet(json).getJsonWebKeys();
        } catch (JoseException | RuntimeException e) {
            // jose4j signals some structural errors (keys not an array, say) with runtime exceptions
            throw new IllegalArgumentException("not a JWK Set: " + e.getClass().getSimpleName());
        }
        Map<String, ECPublicKey> out = new HashMap<>();
        Set<String> duplicated = new HashSet<>();
        for (JsonWebKey jwk : jwks) {
            if (!usable(jwk)) {
                continue;
            }
            if (out.put(jwk.getKeyId(), (ECPublicKey) ((EllipticCurveJsonWebKey) jwk).getPublicKey()) != null) {
                duplicated.add(jwk.getKeyId());
            }
        }
        duplicated.forEach(out::remove);
        return Map.copyOf(out);
    }

    private static boolean usable(JsonWebKey jwk) {
        if (!(jwk instanceof EllipticCurveJsonWebKey ec)
                || !EllipticCurves.P_256.equals(ec.getCurveName())
                || jwk.getKeyId() == null) {
            return false;
        }
        boolean use = jwk.getUse() == null || Use.SIGNATURE.equals(jwk.getUse());
        boolean alg = jwk.getAlgorithm() == null || AccessTokenJws.ALGORITHM.equals(jwk.getAlgorithm());
        boolean ops = jwk.getKeyOps() == null || jwk.getKeyOps().contains("verify");
        return use && alg && ops && P256.isPublicKey(ec.getPublicKey());
    }
}
