package org.capif.common.jose;

/** The token is not a well-formed JWS access token; the message says what is wrong (never the token itself). */
public final class MalformedTokenException extends RuntimeException {
    public MalformedTokenException(String message) {
        super(message, null, false, false);
    }
}
