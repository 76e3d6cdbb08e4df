package org.capif.validator.check;

import java.time.Instant;
import org.capif.common.jose.AccessTokenClaims;

/**
 * One API invocation to decide on: the verified token claims, the calling AEF (from its client certificate), the API
 * it exposes, the thumbprint of the certificate the invoker presented to the AEF, and the time.
 */
public record Invocation(
        AccessTokenClaims claims, String aefId, String apiName, String presentedThumbprint, Instant now) {}
