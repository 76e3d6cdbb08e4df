package org.capif.common.credential;

/**
 * Operator request for a single-use credential (onboarding or registration).
 *
 * @param subject a label for the party-to-be (e.g. the developer's application name), recorded when it is spent
 * @param lifetimeSeconds how long the credential is valid; the configured default when absent
 */
public record CredentialRequest(String subject, Long lifetimeSeconds) {}
