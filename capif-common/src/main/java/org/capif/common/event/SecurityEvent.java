package org.capif.common.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A change of an invoker's security context at the authorization function, on the security topic keyed by
 * {@code apiInvokerId}. Like {@link InvokerEvent} it carries the complete state after the change, so consumers apply it
 * only when its {@code sequence} is newer and a compacted topic suffices to rebuild.
 *
 * @param eventId unique per event
 * @param type what happened
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param occurredAt when the change committed
 * @param apiInvokerId the invoker (the Kafka key)
 * @param sequence per-invoker version of the security context, strictly increasing
 * @param authorized the APIs currently in the context; empty when there is none
 * @param revocations per API, the instant before which issued tokens are revoked (the latest one per API)
 * @param notificationDestination the context's {@code notificationDestination}, where the invoker is told of
 *     revocations (null if none; added in schema version 1 by event management, older records lack it)
 * @param revoked what this event revoked ({@link SecurityEventType#API_INVOKER_AUTHORIZATION_REVOKED}), else empty
 */
public record SecurityEvent(
        UUID eventId,
        SecurityEventType type,
        int schemaVersion,
        Instant occurredAt,
        String apiInvokerId,
        long sequence,
        List<AuthorizedApi> authorized,
        List<Revocation> revocations,
        String notificationDestination,
        List<RevokedApi> revoked) {

    public static final int SCHEMA_VERSION = 1;

    /** An event without notification destination and without revocations of its own (what older producers wrote). */
    public SecurityEvent(
            UUID eventId,
            SecurityEventType type,
            int schemaVersion,
            Instant occurredAt,
            String apiInvokerId,
            long sequence,
            List<AuthorizedApi> authorized,
            List<Revocation> revocations) {
        this(
                eventId,
                type,
                schemaVersion,
                occurredAt,
                apiInvokerId,
                sequence,
                authorized,
                revocations,
                null,
                List.of());
    }
}
