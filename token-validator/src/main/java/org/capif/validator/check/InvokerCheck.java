package org.capif.validator.check;

import org.capif.common.cert.Thumbprints;
import org.capif.common.event.InvokerStatus;
import org.capif.validator.state.Reason;
import org.capif.validator.state.ValidatorState;

/**
 * The invoker as the validator knows it now, not as it was when the token was issued: known (fail closed for an invoker
 * it never heard of), not offboarded, still holding the certificate it presented (a re-keyed invoker's old certificate,
 * perhaps the reason for re-keying, no longer works with tokens issued for it), and still subscribed to the API.
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
        if (!Thumbprints.matches(invoker.certificateThumbprint(), i.claims().x5tS256())) {
            return Reason.CERTIFICATE_REPLACED;
        }
        return invoker.subscribed(i.aefId(), i.apiName()) ? null : Reason.API_NOT_SUBSCRIBED;
    }

    /**
     * Without a token (AEF_Security_API check-authentication): the invoker is known, active and subscribed to at least
     * one API at the calling AEF; null if so, else the first reason it is not.
     */
    public Reason relatedTo(String apiInvokerId, String aefId) {
        Reason status = status(apiInvokerId);
        if (status != null) {
            return status;
        }
        return state.invoker(apiInvokerId).apis().stream()
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
