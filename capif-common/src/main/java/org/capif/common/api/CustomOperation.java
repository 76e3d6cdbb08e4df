package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** TS 29.222 §8.2.4.2.7 {@code CustomOperation}: a custom operation, with or without a resource. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomOperation(String commType, String custOpName, List<String> operations, String description) {}
