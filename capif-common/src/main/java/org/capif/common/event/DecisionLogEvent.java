package org.capif.common.event;

import java.time.Instant;
import java.util.UUID;

/**
 * One access decision of the token validator for an AEF that asked for invocation logs
 * ({@code capif.invocation-log.aefs} of the validator), on the decision log topic keyed by {@code aefId}. Event
 * management turns each into a TS 29.222 invocation log, so AEFs behind the validator are auditable without code of
 * their own. It names the invoker only once the token's signature verified, and never carries the token.
 *
 * @param eventId unique per decision; a re-delivered record keeps its id (event management stores it once)
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param occurredAt when the validator decided
 * @param aefId the AEF that asked
 * @param apiInvokerId the invoker the verified token names, or null if the token did not verify
 * @param apiName the API the AEF asked about (null for an introspection that named none)
 * @param allowed whether the invocation was allowed
 * @param reason the validator's reason ({@code OK} or why not, docs/errors.md)
 */
public record DecisionLogEvent(
        UUID eventId,
        int schemaVersion,
        Instant occurredAt,
        String aefId,
        String apiInvokerId,
        String apiName,
        boolean allowed,
        String reason) {

    public static final int SCHEMA_VERSION = 1;

    /** The event in a record, or {@link IllegalArgumentException} if it is not a valid event of a known version. */
    public static DecisionLogEvent decode(String payload) {
        if (payload == null) {
            throw new IllegalArgumentException("empty record");
        }
        DecisionLogEvent e = EventCodec.decode(payload, DecisionLogEvent.class);
        if (e.schemaVersion() != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported schemaVersion " + e.schemaVersion());
        }
        if (e.eventId() == null || e.occurredAt() == null || e.aefId() == null || e.reason() == null) {
            throw new IllegalArgumentException("decision log event misses mandatory fields");
        }
        return e;
    }
}
