package org.capif.common.event;

import java.time.Instant;

/**
 * Tokens for {@code apiName} on {@code aefId} issued before {@code notBefore} are revoked, whatever their expiry.
 *
 * @param aefId the AEF
 * @param apiName the API name as in scopes
 * @param notBefore tokens issued earlier than this are no longer accepted
 * @param cause the TS 29.222 {@code Cause} or {@code SECURITY_CONTEXT_DELETED}
 */
public record Revocation(String aefId, String apiName, Instant notBefore, String cause) {}
