package org.capif.common.jose;

/**
 * Why {@link AccessTokenJws} refused a token, in the order the checks run (the token validator maps each to its reason
 * of the same name, see {@code docs/errors.md#token-validator-reasons}).
 */
public enum TokenRefusal {
    /**
     * Not exactly three canonical base64url parts (no padding, only the base64url alphabet, no stray bits) with a JSON
     * object header without duplicate members; a {@code kid} that is not a string; or, after the signature verified,
     * claims that are not a complete access token claim set.
     */
    MALFORMED,
    /** The header {@code typ} is not exactly {@code at+jwt}. */
    WRONG_TYPE,
    /** The header {@code alg} is not exactly {@code ES256}. */
    ALGORITHM_NOT_ALLOWED,
    /** The header has {@code crit} (any value: no extension is implemented) or {@code b64} (RFC 7797, critical). */
    UNSUPPORTED_CRITICAL_HEADER,
    /** No {@code kid}, or none that names a published key. */
    UNKNOWN_KEY,
    /** The signature is not a canonical (low-S) ES256 signature that verifies under the key. */
    BAD_SIGNATURE
}
