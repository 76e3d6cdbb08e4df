package org.capif.validator.check;

import org.capif.validator.state.Reason;

/** One step of the decision pipeline: null if the invocation passes it, else the reason to deny. */
@FunctionalInterface
public interface InvocationCheck {
    Reason check(Invocation invocation);
}
