package org.capif.invoker.admin;

/**
 * Operator request for an onboarding credential.
 *
 * @param subject a label for the invoker-to-be (e.g. the developer's application name), recorded when it is spent
 * @param lifetimeSeconds how long the credential is valid; the configured default when absent
 */
public record CredentialRequest(String subject, Long lifetimeSeconds) {}
