package org.capif.authz.token;

/**
 * A refused token request, answered as {@link AccessTokenErr} with {@code Cache-Control: no-store}: 401 for
 * {@code invalid_client}, 400 for the other RFC 6749 §5.2 codes. The description names what failed.
 */
public final class TokenError extends RuntimeException {

    public static final String INVALID_REQUEST = "invalid_request";
    public static final String INVALID_CLIENT = "invalid_client";
    public static final String INVALID_GRANT = "invalid_grant";
    public static final String UNAUTHORIZED_CLIENT = "unauthorized_client";
    public static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";
    public static final String INVALID_SCOPE = "invalid_scope";

    private final String error;

    private TokenError(String error, String description) {
        super(description, null, false, false);
        this.error = error;
    }

    public static TokenError of(String error, String description) {
        return new TokenError(error, description);
    }

    public String error() {
        return error;
    }

    public int status() {
        return INVALID_CLIENT.equals(error) ? 401 : 400;
    }

    public AccessTokenErr body() {
        return new AccessTokenErr(error, getMessage());
    }
}
