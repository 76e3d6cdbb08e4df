package org.capif.invoker.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.capif.common.event.EventCodec;
import org.capif.common.event.EventProjection;
import org.capif.common.event.ServiceApiEvent;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Builds the view of published service APIs from the service API events (TS 29.222 §8.2: what APFs published), with
 * one conditional upsert per event ({@link EventProjection}: idempotent, ordered per API, poison records to the
 * dead-letter topic, valid events retried until the database takes them).
 */
@ApplicationScoped
public class PublishedApiProjection {

    private final EventProjection<ServiceApiEvent> projection;

    public PublishedApiProjection(MeterRegistry registry) {
        this.projection = new EventProjection<>(
                "service API event",
                "capif.service_api.events",
                ServiceApiEvent::decode,
                PublishedApiProjection::apply,
                event -> {},
                ServiceApiEvent::eventId,
                registry);
    }

    @Incoming("service-api-events")
    public Uni<Void> consume(String payload) {
        return projection.consume(payload);
    }

    /** Applies one event in its own transaction; true if it changed the view (false for duplicates, stale events). */
    public static Uni<Boolean> apply(ServiceApiEvent event) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        """
                        insert into published_api_view (api_id, status, apf_id, api_prov_dom_id, api_name,
                            description, sequence, event_id, updated_at)
                        values (:id, :status, :apf, :domain, :name, :description, :sequence, :eventId, now())
                        on conflict (api_id) do update set
                            status = excluded.status,
                            apf_id = excluded.apf_id,
                            api_prov_dom_id = excluded.api_prov_dom_id,
                            api_name = excluded.api_name,
                            description = excluded.description,
                            sequence = excluded.sequence,
                            event_id = excluded.event_id,
                            updated_at = excluded.updated_at
                        where published_api_view.sequence < excluded.sequence
                        """)
                .setParameter("id", event.apiId())
                .setParameter("status", event.status().name())
                .setParameter("apf", event.apfId())
                .setParameter("domain", event.apiProvDomId())
                .setParameter("name", event.description().apiName())
                .setParameter("description", EventCodec.encode(event.description()))
                .setParameter("sequence", event.sequence())
                .setParameter("eventId", event.eventId())
                .executeUpdate()
                .map(rows -> rows > 0)));
    }
}
