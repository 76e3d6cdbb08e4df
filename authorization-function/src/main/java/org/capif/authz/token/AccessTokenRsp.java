package org.capif.authz.token;

import com.fasterxml.jackson.annotation.JsonProperty;

/** TS 29.222 §8.5.4.2.6 {@code AccessTokenRsp} (RFC 6749 §5.1). */
public record AccessTokenRsp(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("scope") String scope) {}
