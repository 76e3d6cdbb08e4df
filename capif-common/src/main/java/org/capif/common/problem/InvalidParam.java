package org.capif.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * TS 29.122 {@code InvalidParam}: {@code param} is a JSON pointer into the request body (or a header or query parameter
 * name), {@code reason} says what is wrong with it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvalidParam(String param, String reason) {}
