package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** TS 29.222 {@code ApiStatus}: the AEFs at which the API is active (absent: active at every AEF of its profiles). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiStatus(List<String> aefIds) {}
