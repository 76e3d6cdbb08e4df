package org.capif.authz.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** TS 29.222 §8.5.4.2.7 {@code AccessTokenErr} (RFC 6749 §5.2). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccessTokenErr(
        @JsonProperty("error") String error, @JsonProperty("error_description") String errorDescription) {}
