package org.capif.validator.gateway;

/**
 * What a gateway asks about one invocation it received: which AEF (null: the caller's own id) and API (by name or id)
 * the route belongs to, the method and path as the invoker sent them, its {@code Authorization} header and the
 * thumbprint of the TLS client certificate it presented to the gateway (null if none was forwarded).
 */
public record GatewayRequest(
        String aefId,
        String apiName,
        String apiId,
        String method,
        String path,
        String authorization,
        String certificateThumbprint) {

    /** The bearer token of the {@code Authorization} header (RFC 6750 §2.1), null if there is none. */
    public String bearerToken() {
        if (authorization == null) {
            return null;
        }
        String a = authorization.trim();
        if (a.length() < 7 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = a.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
