package org.capif.validator.state;

/**
 * Why a decision came out as it did; the stable codes of {@code docs/errors.md#token-validator-reasons}. Checks run in
 * the order of this enum (after {@link #OK}) and the first failing one is the reason.
 */
public enum Reason {
    /** Every check passed. */
    OK,
    /**
     * Gateway requests only: no {@code Authorization: Bearer} token at all (RFC 6750 §3.1: answered without an error
     * code). The decision endpoint answers a missing {@code accessToken} with 400 instead.
     */
    TOKEN_MISSING,
    /**
     * Not a JWS of three canonical base64url parts with a JSON header and claim set without duplicate members, too long,
     * a {@code kid} that is not a string, or claims missing or of the wrong type.
     */
    TOKEN_MALFORMED,
    /** The header {@code typ} is not {@code at+jwt} (RFC 9068 §2.1). */
    WRONG_TOKEN_TYPE,
    /** The header {@code alg} is not ES256 ({@code none}, HMAC and everything else refused). */
    ALGORITHM_NOT_ALLOWED,
    /** The header has {@code crit} (any value, even empty) or {@code b64} (RFC 7797): no extension is implemented. */
    UNSUPPORTED_CRITICAL_HEADER,
    /** No {@code kid}, or no key with it in the authorization function's JWK Set, even after a refresh. */
    UNKNOWN_KEY,
    /** The signature does not verify, or is not in its canonical low-S form. */
    BAD_SIGNATURE,
    /** {@code exp} is past (beyond the clock skew). */
    TOKEN_EXPIRED,
    /** {@code nbf} or {@code iat} is in the future (beyond the clock skew). */
    TOKEN_NOT_YET_VALID,
    /** {@code exp - iat} is longer than the configured maximum lifetime. */
    TOKEN_LIFETIME_TOO_LONG,
    /** {@code iss} is not the authorization function. */
    WRONG_ISSUER,
    /** {@code aud} does not contain the calling AEF. */
    WRONG_AUDIENCE,
    /** {@code scope} does not grant this API at the calling AEF. */
    API_NOT_IN_SCOPE,
    /** {@code cnf.x5t#S256} differs from the thumbprint of the certificate the invoker presented (RFC 8705). */
    CERTIFICATE_MISMATCH,
    /** The validator has never heard of the invoker (fail closed). */
    INVOKER_UNKNOWN,
    /** The invoker is offboarded. */
    INVOKER_OFFBOARDED,
    /** The invoker was re-keyed: the certificate it presented (and the token is bound to) is no longer its own. */
    CERTIFICATE_REPLACED,
    /**
     * The invoker has no usable subscription to this API at the calling AEF: the API published there under this name is
     * not the one it subscribed to, or it never subscribed to an API of this name there.
     */
    API_NOT_SUBSCRIBED,
    /**
     * The invoker subscribed to this API, but it is not published and active at the calling AEF now (unpublished, the
     * AEF removed from its profiles or from its {@code apiStatus}, renamed), or the API id a gateway named is not.
     */
    API_NOT_PUBLISHED,
    /**
     * Gateway requests (and decisions naming {@code operation} and {@code resource}): the method and path are not a
     * resource or custom operation the API publishes at the calling AEF (docs/gateways.md#route-check).
     */
    ROUTE_NOT_PUBLISHED,
    /** This token was revoked (RFC 7009). */
    TOKEN_REVOKED,
    /** The invoker's authorization for this API was revoked or its security context deleted after the token was issued. */
    AUTHORIZATION_REVOKED,
    /** Outside every allowed time range of the policy. */
    POLICY_OUTSIDE_TIME_RANGE,
    /** Above the allowed invocations per second. */
    POLICY_RATE_EXCEEDED,
    /** The allowed total number of invocations is used up. */
    POLICY_TOTAL_EXCEEDED
}
