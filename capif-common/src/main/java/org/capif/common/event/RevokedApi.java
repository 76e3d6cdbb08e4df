package org.capif.common.event;

/**
 * One authorization a security event revoked (TS 29.222 §8.5 Revoke_Authorization): the invoker may no longer use
 * {@code apiId} at {@code aefId}, for {@code cause}. The invoker is told so at its security context's
 * {@code notificationDestination} ({@code SecurityNotification}) and subscribers of
 * {@code API_INVOKER_AUTHORIZATION_REVOKED} are notified.
 *
 * @param aefId the AEF
 * @param apiId the service API
 * @param cause the TS 29.222 {@code Cause} ({@code OVERLIMIT_USAGE}, {@code UNEXPECTED_REASON}, ...)
 */
public record RevokedApi(String aefId, String apiId, String cause) {}
