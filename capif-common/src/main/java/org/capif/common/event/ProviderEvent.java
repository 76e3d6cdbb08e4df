package org.capif.common.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An API provider domain lifecycle event (TS 29.222 §8.9 CAPIF_API_Provider_Management_API) on the provider topic,
 * keyed by {@code apiProvDomId}. Like {@link InvokerEvent} it carries the domain's complete state after the change:
 * every function it has now, with the thumbprint of the one certificate CAPIF pins for it. A function missing from a
 * newer event was removed; its certificate is no longer accepted anywhere. Consumers apply an event only if its
 * {@code sequence} is newer than the one they hold for the domain.
 *
 * @param eventId unique per event; a re-delivered event keeps its id
 * @param type what happened
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param occurredAt when the change committed
 * @param apiProvDomId the API provider domain (also the Kafka key)
 * @param sequence per-domain version, strictly increasing with every change
 * @param status {@link ProviderStatus#REGISTERED}, or {@link ProviderStatus#DEREGISTERED} (then no functions)
 * @param functions the domain's functions after the change, in registration order
 */
public record ProviderEvent(
        UUID eventId,
        ProviderEventType type,
        int schemaVersion,
        Instant occurredAt,
        String apiProvDomId,
        long sequence,
        ProviderStatus status,
        List<ProviderFunction> functions) {

    public static final int SCHEMA_VERSION = 1;

    /** The event in a record, or {@link IllegalArgumentException} if it is not a valid event of a known version. */
    public static ProviderEvent decode(String payload) {
        if (payload == null) {
            throw new IllegalArgumentException("empty record");
        }
        ProviderEvent e = EventCodec.decode(payload, ProviderEvent.class);
        if (e.schemaVersion() != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported schemaVersion " + e.schemaVersion());
        }
        if (e.eventId() == null
                || e.type() == null
                || e.apiProvDomId() == null
                || e.sequence() < 1
                || e.status() == null
                || e.functions() == null
                || e.functions().stream()
                        .anyMatch(f -> f == null
                                || f.apiProvFuncId() == null
                                || f.role() == null
                                || f.certificateThumbprint() == null)) {
            throw new IllegalArgumentException("provider event misses mandatory fields");
        }
        return e;
    }
}
