package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** TS 29.222 §8.2.4.2.9 {@code PublishedApiPath} (CAPIF interconnection; stored, not acted upon). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PublishedApiPath(List<String> ccfIds) {}
