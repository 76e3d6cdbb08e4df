package org.capif.validator.check;

import java.time.Duration;
import org.capif.common.jose.AccessTokenClaims;
import org.capif.validator.state.Reason;

/**
 * Token lifetime: {@code exp} not past, {@code nbf} (if any) and {@code iat} not in the future, each with
 * {@link #CLOCK_SKEW_SECONDS} of leeway (TS 33.122 Annex C: at most 30 s), and {@code exp - iat} not longer than the
 * configured maximum.
 */
public final class TimeCheck implements InvocationCheck {

    private final long maxLifetimeSeconds;

    public TimeCheck(Duration maxLifetime) {
        this.maxLifetimeSeconds = maxLifetime.toSeconds();
    }

    private static final long CLOCK_SKEW_SECONDS = AccessTokenClaims.CLOCK_SKEW_SECONDS;

    @Override
    public Reason check(Invocation i) {
        long now = i.now().getEpochSecond();
        if (!AccessTokenClaims.live(i.claims().exp(), now)) {
            return Reason.TOKEN_EXPIRED;
        }
        Long nbf = i.claims().nbf();
        if ((nbf != null && nbf - CLOCK_SKEW_SECONDS > now) || i.claims().iat() - CLOCK_SKEW_SECONDS > now) {
            return Reason.TOKEN_NOT_YET_VALID;
        }
        return i.claims().exp() - i.claims().iat() > maxLifetimeSeconds ? Reason.TOKEN_LIFETIME_TOO_LONG : null;
    }
}
