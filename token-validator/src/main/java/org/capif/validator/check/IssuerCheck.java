package org.capif.validator.check;

import org.capif.validator.state.Reason;

/** {@code iss} is exactly the authorization function's issuer. */
public final class IssuerCheck implements InvocationCheck {

    private final String issuer;

    public IssuerCheck(String issuer) {
        this.issuer = issuer;
    }

    @Override
    public Reason check(Invocation i) {
        return issuer.equals(i.claims().iss()) ? null : Reason.WRONG_ISSUER;
    }
}
