package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * TS 29.222 {@code AefLocation}: where the AEF runs. The civic address and geographic area (TS 29.572 types) are kept
 * as the publisher sent them (JSON objects); the data center id is matched by the discovery filter
 * {@code preferred-aef-loc}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AefLocation(JsonNode civicAddr, JsonNode geoArea, String dcId) {}
