package org.capif.authz.invoker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.capif.authz.state.AuthorizationState;
import org.capif.common.event.EventCodec;
import org.capif.common.event.InvokerEvent;
import org.capif.common.persistence.SqlFailures;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Builds the invoker view from the invoker events (TR 23.722: the authorization side learns of onboarded invokers).
 * Each event is applied with one conditional upsert, {@code ... where sequence < new sequence}: a duplicate, a replay
 * or an older event changes nothing, so consumption is idempotent and never goes backwards. Records of one invoker
 * share a partition and are processed one at a time, in order. A record that is not a valid event of a known schema
 * version fails and goes to the dead-letter topic without stopping the stream. A valid event that cannot be applied
 * (the database is unreachable, say) is retried with back-off until it is: dead-lettering it would lose an onboarding
 * or an offboarding for good, and holding the partition keeps the per-invoker order. Only an event whose data the
 * database refuses (a value out of range, say) is dead-lettered after all.
 */
@ApplicationScoped
public class InvokerProjection {

    private static final Logger LOG = Logger.getLogger(InvokerProjection.class);
    private static final Duration RETRY_MIN = Duration.ofMillis(200);
    private static final Duration RETRY_MAX = Duration.ofSeconds(10);

    private final AuthorizationState state;
    private final Counter applied;
    private final Counter skipped;
    private final Counter rejected;

    public InvokerProjection(AuthorizationState state, MeterRegistry registry) {
        this.state = state;
        this.applied = registry.counter("capif.invoker.events", "outcome", "applied");
        this.skipped = registry.counter("capif.invoker.events", "outcome", "duplicate");
        this.rejected = registry.counter("capif.invoker.events", "outcome", "dead-letter");
    }

    @Incoming("invoker-events")
    public Uni<Void> consume(String payload) {
        InvokerEvent event;
        try {
            event = decode(payload);
        } catch (IllegalArgumentException e) {
            rejected.increment();
            LOG.warnf("invoker event rejected to the dead-letter topic: %s", e.getMessage());
            return Uni.createFrom().failure(e);
        }
        return apply(event)
                .onFailure(InvokerProjection::transientFailure)
                .invoke(e -> LOG.warnf("invoker event %s not applied yet, retrying: %s", event.eventId(), e.toString()))
                .onFailure(InvokerProjection::transientFailure)
                .retry()
                .withBackOff(RETRY_MIN, RETRY_MAX)
                .indefinitely()
                .onFailure()
                .invoke(e -> {
                    rejected.increment();
                    LOG.errorf(
                            "invoker event %s can never be applied, to the dead-letter topic: %s",
                            event.eventId(), e.toString());
                })
                .invoke(changed -> {
                    if (changed) {
                        applied.increment();
                        state.invokerChanged(event.apiInvokerId());
                    } else {
                        skipped.increment();
                    }
                })
                .replaceWithVoid();
    }

    /**
     * True unless the database refused the event's data itself (SQLSTATE class 22, data exception, or 23, integrity
     * violation): retrying such an event would block its partition for ever, so it is dead-lettered instead.
     */
    static boolean transientFailure(Throwable failure) {
        return !SqlFailures.refusedData(failure);
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
