package org.capif.common.event;

import java.time.Instant;
import java.util.UUID;
import org.capif.common.api.InvocationLog;

/**
 * Invocation logs as event management stored them (TS 29.222 CAPIF_Logging_API_Invocation_API), on the invocation log
 * topic keyed by {@code aefId}, for any consumer that wants them (analytics, charging, a SIEM). Not full state: each
 * event is one stored {@code InvocationLog}; consumers de-duplicate by {@code logId}. Logs carry identifiers and
 * thumbprints only, never tokens or certificates.
 *
 * @param eventId unique per event; a re-delivered event keeps its id
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param occurredAt when event management stored the logs
 * @param logId the stored log's id (the last segment of its {@code Location})
 * @param source {@code aef} (posted by the AEF) or {@code token-validator} (made from the validator's decisions)
 * @param apiProvDomId the API provider domain of the AEF
 * @param log the logs as stored
 */
public record InvocationLogEvent(
        UUID eventId,
        int schemaVersion,
        Instant occurredAt,
        String logId,
        String source,
        String apiProvDomId,
        InvocationLog log) {

    public static final int SCHEMA_VERSION = 1;
}
