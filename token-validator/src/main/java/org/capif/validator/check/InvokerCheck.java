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
        ValidatorState.InvokerState invoker = state.invoker(i.claims().sub());
        if (invoker == null) {
            return Reason.INVOKER_UNKNOWN;
        }
        if (invoker.status() != InvokerStatus.ACTIVE) {
            return Reason.INVOKER_OFFBOARDED;
        }
        // the binding check made the token's cnf equal to the presented certificate; introspection presents none
        if (!Thumbprints.matches(invoker.certificateThumbprint(), i.claims().x5tS256())) {
            return Reason.CERTIFICATE_REPLACED;
        }
        if (i.apiName() == null) {
            return null; // introspection: the caller filters the scope by subscription
        }
        return invoker.subscribed(i.aefId(), i.apiName()) ? null : Reason.API_NOT_SUBSCRIBED;
    }
}
