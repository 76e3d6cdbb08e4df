package org.capif.validator.decision;

/**
 * What an AEF asks for one invocation.
 *
 * @param accessToken the bearer token the invoker presented
 * @param apiName the API being invoked, as named in scopes
 * @param operation optional, the HTTP method invoked; with {@code resource}, the route is checked against the API's
 *     published resources ({@code ROUTE_NOT_PUBLISHED})
 * @param resource optional, the path invoked (as sent, from the API root's origin, e.g.
 *     {@code /as-session-with-qos/v1/scs-1/subscriptions})
 * @param clientCertThumbprint {@code x5t#S256} of the client certificate the invoker presented to the AEF
 */
public record DecisionRequest(
        String accessToken, String apiName, String operation, String resource, String clientCertThumbprint) {}
