package org.capif.validator.check;

import org.capif.validator.state.Reason;

/** {@code scope} ({@code 3gpp#aefId:apiName,...}) grants this API at the calling AEF. */
public final class ScopeCheck implements InvocationCheck {
    @Override
    public Reason check(Invocation i) {
        return i.claims().scope().grants(i.aefId(), i.apiName()) ? null : Reason.API_NOT_IN_SCOPE;
    }
}
