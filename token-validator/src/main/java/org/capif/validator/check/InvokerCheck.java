package org.capif.validator.check;

import org.capif.common.cert.Thumbprints;
import org.capif.common.event.InvokerStatus;
import org.capif.validator.state.Reason;
import org.capif.validator.state.ValidatorState;

/**
 * The invoker as the validator knows it now, not as it was when the token was issued: known (fail closed for an invoker
 * it never heard of), not offboarded, and still holding the certificate it presented (a re-keyed invoker's old
 * certificate, perhaps the reason for re-keying, no longer works with tokens issued for it). Whether it may still use
 * the API is {@link SubscriptionCheck}'s.
 */
public final class InvokerCheck implements InvocationCheck {

    private final ValidatorState state;

    public InvokerCheck(ValidatorState state) {
        this.state = state;
    }

    @Override
    public Reason check(Invocation i) {
        Reason status = status(i.claims().sub());
        if (status != null) {
            return status;
        }
        ValidatorState.InvokerState invoker = state.invoker(i.claims().sub());
        // the binding check made the token's cnf equal to the presented certificate; introspection presents none
        return Thumbprints.matches(invoker.certificateThumbprint(), i.claims().x5tS256())
                ? null
                : Reason.CERTIFICATE_REPLACED;
    }

    /**
     * Without a token (AEF_Security_API check-authentication): the invoker is known, active and has a usable
     * subscription (published and active there now) to at least one API at the calling AEF; null if so, else the first
     * reason it is not.
     */
    public Reason relatedTo(String apiInvokerId, String aefId) {
        Reason status = status(apiInvokerId);
        if (status != null) {
            return status;
        }
        return state.subscriptions(state.invoker(apiInvokerId)).stream()
                        .anyMatch(a -> a.aefId().equals(aefId))
                ? null
                : Reason.API_NOT_SUBSCRIBED;
    }

    private Reason status(String apiInvokerId) {
        ValidatorState.InvokerState invoker = apiInvokerId == null ? null : state.invoker(apiInvokerId);
        if (invoker == null) {
            return Reason.INVOKER_UNKNOWN;
        }
        return invoker.status() == InvokerStatus.ACTIVE ? null : Reason.INVOKER_OFFBOARDED;
    }
}
