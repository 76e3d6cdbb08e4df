package org.capif.validator.check;

import org.capif.validator.state.Reason;

/**
 * Token lifetime: {@code exp} not past, {@code nbf} (if any) and {@code iat} not in the future, each with
 * {@link #CLOCK_SKEW_SECONDS} of leeway (TS 33.122 Annex C: at most 30 s).
 */
public final class TimeCheck implements InvocationCheck {

    /** Leeway for clocks of the authorization function and validators that differ slightly. */
    public static final long CLOCK_SKEW_SECONDS = 30;

    @Override
    public Reason check(Invocation i) {
        long now = i.now().getEpochSecond();
        if (i.claims().exp() + CLOCK_SKEW_SECONDS <= now) {
            return Reason.TOKEN_EXPIRED;
        }
        Long nbf = i.claims().nbf();
        if ((nbf != null && nbf - CLOCK_SKEW_SECONDS > now) || i.claims().iat() - CLOCK_SKEW_SECONDS > now) {
            return Reason.TOKEN_NOT_YET_VALID;
        }
        return null;
    }
}
