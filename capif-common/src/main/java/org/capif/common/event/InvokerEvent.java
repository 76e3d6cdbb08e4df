package org.capif.common.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An invoker lifecycle event on the invoker topic, keyed by {@code apiInvokerId}. It carries the invoker's complete
 * state after the change (event-carried state transfer), so a consumer can rebuild its view from the latest event per
 * invoker alone and a compacted topic loses nothing.
 *
 * <p>Consumers apply an event only if its {@code sequence} is greater than the one they hold for the invoker: that makes
 * consumption idempotent (duplicates and replays change nothing) and keeps it ordered per invoker.
 *
 * @param eventId unique per event; a re-delivered event keeps its id
 * @param type what happened
 * @param schemaVersion {@link #SCHEMA_VERSION} at the time of writing
 * @param occurredAt when the change was committed
 * @param apiInvokerId the invoker (also the Kafka key)
 * @param sequence per-invoker version, strictly increasing with every change
 * @param status the invoker's status after the change
 * @param certificateThumbprint {@code x5t#S256} of the invoker's current client certificate (RFC 8705)
 * @param certificateNotAfter expiry of that certificate
 * @param apis the service APIs the invoker is entitled to after the change
 */
public record InvokerEvent(
        UUID eventId,
        InvokerEventType type,
        int schemaVersion,
        Instant occurredAt,
        String apiInvokerId,
        long sequence,
        InvokerStatus status,
        String certificateThumbprint,
        Instant certificateNotAfter,
        List<SubscribedApi> apis) {

    public static final int SCHEMA_VERSION = 1;
}
