package org.capif.validator.check;

import org.capif.common.cert.Thumbprints;
import org.capif.validator.state.Reason;

/**
 * Certificate binding (RFC 8705 §3): {@code cnf.x5t#S256} equals the thumbprint of the client certificate the invoker
 * presented to the AEF, so a stolen token is useless without the invoker's private key. Constant-time comparison.
 */
public final class BindingCheck implements InvocationCheck {
    @Override
    public Reason check(Invocation i) {
        return Thumbprints.matches(i.claims().x5tS256(), i.presentedThumbprint()) ? null : Reason.CERTIFICATE_MISMATCH;
    }
}
