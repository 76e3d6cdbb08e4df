package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** TS 29.222 §8.2.4.2.4 {@code Version} (only {@code apiVersion}, which is mandatory). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Version(String apiVersion) {}
