package org.capif.common.api;

import org.capif.common.cert.CapifIdentity;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;

/**
 * Checks identifiers that arrive in URIs and query strings before anything uses them: every CAPIF identifier
 * (invoker, provider domain, function, service API ids) matches {@link CapifIdentity#ID_PATTERN}, so a NUL, a control
 * character, invalid UTF-8 or an overlong value is a 400 at the edge and never reaches a database or a log line.
 */
public final class Identifiers {

    private Identifiers() {}

    /** The value, if it is a CAPIF identifier; 400 {@code MANDATORY_IE_INCORRECT} naming {@code param} otherwise. */
    public static String require(String value, String param) {
        if (value == null || !CapifIdentity.ID_PATTERN.matcher(value).matches()) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_INCORRECT,
                    param + " is not a valid identifier.",
                    new InvalidParam(param, "must match " + CapifIdentity.ID_PATTERN.pattern()));
        }
        return value;
    }
}
