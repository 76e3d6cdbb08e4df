package org.capif.validator.check;

import org.capif.common.event.InvokerStatus;
import org.capif.validator.state.Reason;
import org.capif.validator.state.ValidatorState;

/** The invoker is known to the validator and not offboarded (fail closed for an invoker it never heard of). */
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
        return invoker.status() == InvokerStatus.ACTIVE ? null : Reason.INVOKER_OFFBOARDED;
    }
}
