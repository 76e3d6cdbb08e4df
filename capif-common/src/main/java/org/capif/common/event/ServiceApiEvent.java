package org.capif.common.event;

import java.time.Instant;
import java.util.UUID;
import org.capif.common.api.ServiceAPIDescription;

/**
 * A published service API event (TS 29.222 §8.2 CAPIF_Publish_Service_API) on the service API topic, keyed by
 * {@code apiId}. It carries the complete description as published after the change (event-carried state), so the
 * consumers (invoker management for grants and discovery, the authorization function for security methods, the token
 * validators for what each AEF exposes) rebuild from the latest event per API. Consumers apply an event only if its
 * {@code sequence} is newer than the one they hold for the API.
 *
 * @param eventId unique per event; a re-delivered event keeps its id
 * @param type what happened, named after the TS 29.222 {@code CAPIFEvent} values
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param occurredAt when the change committed
 * @param apiId the service API (also the Kafka key)
 * @param sequence per-API version, strictly increasing with every change
 * @param status {@link ServiceApiStatus#PUBLISHED}, or {@link ServiceApiStatus#UNPUBLISHED} (nothing may use it)
 * @param apfId the API publishing function that published it
 * @param apiProvDomId that function's API provider domain
 * @param description the description as published (with {@code apiId}); for an unpublished API the last one
 */
public record ServiceApiEvent(
        UUID eventId,
        ServiceApiEventType type,
        int schemaVersion,
        Instant occurredAt,
        String apiId,
        long sequence,
        ServiceApiStatus status,
        String apfId,
        String apiProvDomId,
        ServiceAPIDescription description) {

    public static final int SCHEMA_VERSION = 1;

    /** The event in a record, or {@link IllegalArgumentException} if it is not a valid event of a known version. */
    public static ServiceApiEvent decode(String payload) {
        if (payload == null) {
            throw new IllegalArgumentException("empty record");
        }
        ServiceApiEvent e = EventCodec.decode(payload, ServiceApiEvent.class);
        if (e.schemaVersion() != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported schemaVersion " + e.schemaVersion());
        }
        if (e.eventId() == null
                || e.type() == null
                || e.apiId() == null
                || e.sequence() < 1
                || e.status() == null
                || e.apfId() == null
                || e.apiProvDomId() == null
                || e.description() == null
                || e.description().apiName() == null
                || e.description().aefProfiles() == null
                || e.description().aefProfiles().stream().anyMatch(p -> p == null || p.aefId() == null)) {
            throw new IllegalArgumentException("service API event misses mandatory fields");
        }
        return e;
    }
}
