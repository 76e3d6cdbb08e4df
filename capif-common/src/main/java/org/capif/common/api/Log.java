package org.capif.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;

/**
 * TS 29.222 §8.7.4.2.3 {@code Log}: one service API invocation as an AEF (or the token validator on its behalf)
 * reports it (CAPIF_Logging_API_Invocation_API), and as the auditing API returns it.
 *
 * @param result for HTTP, the status code of the invocation
 * @param invocationLatency milliseconds ({@code DurationMs})
 * @param inputParameters any JSON value; stored with tokens and certificates removed
 * @param outputParameters any JSON value; stored with tokens and certificates removed
 * @param fwdInterface RFC 7239 node identifiers of the forwarding entities, comma and space separated
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Log(
        String apiId,
        String apiName,
        String apiVersion,
        String resourceName,
        String uri,
        String protocol,
        String operation,
        String result,
        OffsetDateTime invocationTime,
        Long invocationLatency,
        JsonNode inputParameters,
        JsonNode outputParameters,
        InterfaceDescription srcInterface,
        InterfaceDescription destInterface,
        String fwdInterface) {}
