package org.capif.validator.check;

import java.time.Instant;
import org.capif.common.jose.AccessTokenClaims;

/**
 * One API invocation to decide on: the verified token claims, the calling AEF (from its client certificate), the API
 * it exposes, the thumbprint of the certificate the invoker presented to the AEF, the time, and, when the caller says
 * which (a gateway always does), the HTTP method and path invoked ({@code method} null: no route to check).
 */
public record Invocation(
        AccessTokenClaims claims,
        String aefId,
        String apiName,
        String presentedThumbprint,
        Instant now,
        String method,
        String path) {

    /** An invocation without a route (the decision endpoint without operation and resource, introspection). */
    public Invocation(AccessTokenClaims claims, String aefId, String apiName, String presentedThumbprint, Instant now) {
        this(claims, aefId, apiName, presentedThumbprint, now, null, null);
    }
}
