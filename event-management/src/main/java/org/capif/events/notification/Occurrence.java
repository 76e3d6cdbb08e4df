package org.capif.events.notification;

import java.util.UUID;
import org.capif.events.subscription.CapifEventType;

/**
 * One CAPIF event that happened, as the fan-out needs it: its id (stable, derived from the source record, so a
 * re-consumed record yields the same id), its type, whom it concerns, and its detail as providers and as invokers see
 * it (invokers see published APIs as discovery shows them, docs/decisions.md D23).
 *
 * @param eventId the event's id, sent as the {@code Capif-Event-Id} header
 * @param detail the {@code eventDetail} for API provider functions
 * @param invokerDetail the {@code eventDetail} for invokers
 */
public record Occurrence(
        UUID eventId,
        CapifEventType type,
        Concerned concerned,
        CAPIFEventDetail detail,
        CAPIFEventDetail invokerDetail) {

    /** An event whose detail is the same for everybody. */
    public static Occurrence of(UUID eventId, CapifEventType type, Concerned concerned, CAPIFEventDetail detail) {
        return new Occurrence(eventId, type, concerned, detail, detail);
    }

    /** The id of the {@code index}-th CAPIF event made from one source record. */
    public static UUID id(UUID sourceEventId, int index) {
        return UUID.nameUUIDFromBytes((sourceEventId + ":" + index).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
