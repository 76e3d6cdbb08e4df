package org.capif.common.credential;

/**
 * Operator request for a single-use credential (onboarding or registration).
 *
 * @param subject a label for the party-to-be (e.g. the developer's application name), recorded when it is spent
 * @param lifetimeSeconds how long the credential is valid; the configured default when absent
 * @param defaultApis for an onboarding credential, the subscription granted when the onboarding names no APIs (see
 *     {@link OperatorCredentials.Verified#defaultApis}); absent for none
 */
public record CredentialRequest(String subject, Long lifetimeSeconds, java.util.List<String> defaultApis) {}
