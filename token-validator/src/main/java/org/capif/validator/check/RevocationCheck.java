package org.capif.validator.check;

import java.time.Instant;
import org.capif.validator.state.Reason;
import org.capif.validator.state.ValidatorState;

/**
 * Revocation, effective from the moment the event reaches the validator although the token has not expired: the token
 * itself revoked ({@code TOKEN_REVOKED}); or the invoker's authorization for this API at this AEF revoked, or its
 * security context deleted, at or after the token's {@code iat} ({@code AUTHORIZATION_REVOKED}). {@code iat} has
 * second precision, so a token issued in the same second as a revocation is treated as revoked (fail closed).
 */
public final class RevocationCheck implements InvocationCheck {

    private final ValidatorState state;

    public RevocationCheck(ValidatorState state) {
        this.state = state;
    }

    @Override
    public Reason check(Invocation i) {
        if (state.tokenRevoked(i.claims().jti())) {
            return Reason.TOKEN_REVOKED;
        }
        Instant notBefore = state.notBefore(i.claims().sub(), i.aefId(), i.apiName());
        if (notBefore != null && i.claims().iat() <= notBefore.getEpochSecond()) {
            return Reason.AUTHORIZATION_REVOKED;
        }
        return null;
    }
}
