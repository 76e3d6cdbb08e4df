package org.capif.common.jose;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The one accepted form of an ES256 signature (RFC 7518 §3.4: R||S, 32 bytes each): {@code 1 <= r < n} and
 * {@code 1 <= s <= n/2} ("low S"). ECDSA accepts {@code (r, s)} and {@code (r, n - s)} alike, so without this rule
 * every token would have a second valid string, and whatever is keyed on the token string (the validator's
 * verified-token cache, deny lists) could be sidestepped with the twin. The issuer normalises with
 * {@link #toLowS}; the verifier refuses anything that is not {@link #isCanonical}.
 */
public final class EcdsaSignatures {

    /** Length of an ES256 signature in bytes. */
    public static final int ES256_LENGTH = 64;

    private static final int HALF = ES256_LENGTH / 2;

    private EcdsaSignatures() {}

    /** True if {@code rs} is 64 bytes with {@code 1 <= r < n} and {@code 1 <= s <= n/2}. */
    public static boolean isCanonical(byte[] rs) {
        if (rs == null || rs.length != ES256_LENGTH) {
            return false;
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(rs, 0, HALF));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, HALF, ES256_LENGTH));
        return r.signum() > 0 && r.compareTo(P256.N) < 0 && s.signum() > 0 && s.compareTo(P256.HALF_N) <= 0;
    }

    /**
     * The low-S form of a valid ES256 signature: unchanged if {@code s <= n/2}, else {@code (r, n - s)}, which
     * verifies just the same. Throws {@link IllegalArgumentException} for anything but 64 bytes with s in [1, n).
     */
    public static byte[] toLowS(byte[] rs) {
        if (rs == null || rs.length != ES256_LENGTH) {
            throw new IllegalArgumentException("not an ES256 signature");
        }
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, HALF, ES256_LENGTH));
        if (s.signum() <= 0 || s.compareTo(P256.N) >= 0) {
            throw new IllegalArgumentException("ES256 signature with s out of range");
        }
        if (s.compareTo(P256.HALF_N) <= 0) {
            return rs;
        }
        byte[] out = Arrays.copyOf(rs, ES256_LENGTH);
        byte[] twin = P256.N.subtract(s).toByteArray();
        // n - s < n/2 < 2^255, so at most 32 significant bytes; place them right-aligned
        int significant = Math.min(twin.length, HALF);
        Arrays.fill(out, HALF, ES256_LENGTH, (byte) 0);
        System.arraycopy(twin, twin.length - significant, out, ES256_LENGTH - significant, significant);
        return out;
    }
}
