package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** TS 29.222 §8.2.4.2.2 {@code ServiceAPIDescription} (the fields CAPIF security uses). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceAPIDescription(
        String apiName, String apiId, List<AefProfile> aefProfiles, String description, String supportedFeatures) {}
