package org.capif.authz.invoker;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.capif.authz.state.AuthorizationState;
import org.capif.common.event.EventCodec;
import org.capif.common.event.EventProjection;
import org.capif.common.event.InvokerEvent;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Builds the invoker view from the invoker events (TR 23.722: the authorization side learns of onboarded invokers).
 * Each event is applied with one conditional upsert, {@code ... where sequence < new sequence}: a duplicate, a replay
 * or an older event changes nothing, so consumption is idempotent and never goes backwards. The failure strategy is
 * {@link EventProjection}'s: poison records to the dead-letter topic, valid events retried until the database takes
 * them (dead-lettering one would lose an onboarding or an offboarding for good), data the database refuses
 * dead-lettered after all.
 */
@ApplicationScoped
public class InvokerProjection {

    private final EventProjection<InvokerEvent> projection;

    public InvokerProjection(AuthorizationState state, MeterRegistry registry) {
        this.projection = new EventProjection<>(
                "invoker event",
                "capif.invoker.events",
                InvokerProjection::decode,
                this::apply,
                event -> state.invokerChanged(event.apiInvokerId()),
                InvokerEvent::eventId,
                registry);
    }

    @Incoming("invoker-events")
    public Uni<Void> consume(String payload) {
        return projection.consume(payload);
    }

    /** Applies one event in its own transaction; true if it changed the view (false for duplicates, stale events). */
    public Uni<Boolean> apply(InvokerEvent event) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        """
                        insert into invoker_view (api_invoker_id, status, certificate_thumbprint,
                            certificate_not_after, apis, sequence, event_id, updated_at)
                        values (:id, :status, :thumbprint, :notAfter, :apis, :sequence, :eventId, now())
                        on conflict (api_invoker_id) do update set
                            status = excluded.status,
                            certificate_thumbprint = excluded.certificate_thumbprint,
                            certificate_not_after = excluded.certificate_not_after,
                            apis = excluded.apis,
                            sequence = excluded.sequence,
                            event_id = excluded.event_id,
                            updated_at = excluded.updated_at
                        where invoker_view.sequence < excluded.sequence
                        """)
                .setParameter("id", event.apiInvokerId())
                .setParameter("status", event.status().name())
                .setParameter("thumbprint", event.certificateThumbprint())
                .setParameter("notAfter", event.certificateNotAfter())
                .setParameter("apis", EventCodec.encode(event.apis()))
                .setParameter("sequence", event.sequence())
                .setParameter("eventId", event.eventId())
                .executeUpdate()
                .chain(rows -> rows == 0
                        ? Uni.createFrom().item(false)
                        : AuthorizationState.notifyChange(session, event.apiInvokerId())
                                .replaceWith(true))));
    }

    /** The event in a record, or {@link IllegalArgumentException} if it is not a valid event of a known version. */
    public static InvokerEvent decode(String payload) {
        if (payload == null) {
            throw new IllegalArgumentException("empty record");
        }
        InvokerEvent event = EventCodec.decode(payload, InvokerEvent.class);
        if (event.schemaVersion() != InvokerEvent.SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported schemaVersion " + event.schemaVersion());
        }
        if (event.apiInvokerId() == null
                || event.eventId() == null
                || event.type() == null
                || event.status() == null
                || event.sequence() < 1
                || event.certificateThumbprint() == null
                || event.certificateNotAfter() == null
                || event.apis() == null) {
            throw new IllegalArgumentException("invoker event misses mandatory fields");
        }
        return event;
    }
}
