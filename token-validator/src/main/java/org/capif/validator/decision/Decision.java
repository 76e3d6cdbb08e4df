package org.capif.validator.decision;

import org.capif.validator.state.Reason;

/**
 * The outcome of one decision. A denial is a value, not an error: the AEF refuses the invocation and may log the
 * reason. {@code apiInvokerId} is given only once the token's signature verified (never an unverified claim).
 */
public record Decision(boolean allowed, Reason reason, String apiInvokerId, long expiresIn) {

    static Decision deny(Reason reason, String apiInvokerId) {
        return new Decision(false, reason, apiInvokerId, 0);
    }
}
