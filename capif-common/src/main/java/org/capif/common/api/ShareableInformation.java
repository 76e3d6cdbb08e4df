package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** TS 29.222 §8.2.4.2.8 {@code ShareableInformation} (CAPIF interconnection; stored, not acted upon). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShareableInformation(@JsonProperty("isShareable") Boolean isShareable, List<String> capifProvDoms) {}
