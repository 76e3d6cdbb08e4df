package org.capif.validator.decision;

/**
 * What an AEF asks for one invocation.
 *
 * @param accessToken the bearer token the invoker presented
 * @param apiName the API being invoked, as named in scopes
 * @param operation optional, e.g. the HTTP method (logged, not yet used by policies)
 * @param resource optional, e.g. the resource path (logged, not yet used by policies)
 * @param clientCertThumbprint {@code x5t#S256} of the client certificate the invoker presented to the AEF
 */
public record DecisionRequest(
        String accessToken, String apiName, String operation, String resource, String clientCertThumbprint) {}
