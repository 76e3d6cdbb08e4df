package org.capif.invoker.admin;

import java.time.Instant;

/**
 * A minted onboarding credential, to hand to the invoker out of band.
 *
 * @param credential the signed JWT to send as {@code Authorization: Bearer} with the onboarding request
 * @param jti its identifier
 * @param subject the label it was minted for
 * @param expiresAt when it stops being accepted
 */
public record CredentialResponse(String credential, String jti, String subject, Instant expiresAt) {}
