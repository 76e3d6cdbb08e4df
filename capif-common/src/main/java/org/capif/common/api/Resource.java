package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * TS 29.222 §8.2.4.2.6 {@code Resource}: one resource of an API version; {@code uri} is the {@code apiSpecificSuffixes}
 * part of the TS 29.122 §5.2.4 URI structure, {@code operations} the HTTP methods it supports.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resource(
        String resourceName,
        String commType,
        String uri,
        String custOpName,
        List<CustomOperation> custOperations,
        List<String> operations,
        String description) {}
