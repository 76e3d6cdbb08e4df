package org.capif.common.jose;

/** A token refused by {@link AccessTokenJws}: the refusal and what was wrong (never the token itself). */
public final class TokenRefusedException extends RuntimeException {

    private final TokenRefusal refusal;

    public TokenRefusedException(TokenRefusal refusal, String message) {
        super(message, null, false, false);
        this.refusal = refusal;
    }

    public TokenRefusal refusal() {
        return refusal;
    }
}
