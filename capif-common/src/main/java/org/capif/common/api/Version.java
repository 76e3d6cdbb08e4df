package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** TS 29.222 §8.2.4.2.4 {@code Version}: an API major version with its resources and custom operations. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Version(
        String apiVersion, String expiry, List<Resource> resources, List<CustomOperation> custOperations) {

    /** A version with only its name. */
    public static Version of(String apiVersion) {
        return new Version(apiVersion, null, null, null);
    }
}
