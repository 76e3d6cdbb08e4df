package org.capif.authz.token;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;

/**
 * TS 29.222 §8.5.4.2.5 {@code AccessTokenReq} as read from the form. {@link #from} is the first step of the token
 * endpoint: it checks that each parameter appears at most once (RFC 6749 §3.2), that {@code grant_type} and
 * {@code client_id} are present and that the grant type is {@code client_credentials}.
 */
public record AccessTokenRequest(String grantType, String clientId, String scope) {

    public static final String CLIENT_CREDENTIALS = "client_credentials";

    private static final List<String> SINGLE = List.of("grant_type", "client_id", "scope", "client_secret");

    public static AccessTokenRequest from(MultivaluedMap<String, String> form) {
        if (form == null) {
            throw TokenError.of(TokenError.INVALID_REQUEST, "the request has no form parameters");
        }
        for (String name : SINGLE) {
            List<String> values = form.get(name);
            if (values != null && values.size() > 1) {
                throw TokenError.of(TokenError.INVALID_REQUEST, "parameter " + name + " is repeated");
            }
        }
        String grantType = form.getFirst("grant_type");
        String clientId = form.getFirst("client_id");
        if (grantType == null || grantType.isBlank()) {
            throw TokenError.of(TokenError.INVALID_REQUEST, "parameter grant_type is missing");
        }
        if (!CLIENT_CREDENTIALS.equals(grantType)) {
            throw TokenError.of(
                    TokenError.UNSUPPORTED_GRANT_TYPE,
                    "grant_type " + grantType + " is not supported; CAPIF uses client_credentials");
        }
        if (clientId == null || clientId.isBlank()) {
            throw TokenError.of(TokenError.INVALID_REQUEST, "parameter client_id is missing");
        }
        return new AccessTokenRequest(grantType, clientId, form.getFirst("scope"));
    }
}
