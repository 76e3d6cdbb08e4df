package org.capif.validator.check;

import org.capif.validator.state.Reason;

/** {@code aud} contains the calling AEF: a token for another AEF is never accepted here. */
public final class AudienceCheck implements InvocationCheck {
    @Override
    public Reason check(Invocation i) {
        return i.claims().aud().contains(i.aefId()) ? null : Reason.WRONG_AUDIENCE;
    }
}
