package org.capif.authz.provider;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.capif.authz.state.AuthorizationState;
import org.capif.common.event.EventCodec;
import org.capif.common.event.EventProjection;
import org.capif.common.event.ProviderEvent;
import org.capif.common.event.ServiceApiEvent;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Builds the authorization function's views of the provider domain from the provider and service API events: the
 * registered AEFs and their certificates (which AEF certificates this service accepts) and the published APIs (which
 * subscriptions are usable, with which security methods). Each event is stored whole, with one conditional upsert by
 * sequence ({@link EventProjection}: idempotent, ordered per key, poison records to this service's dead-letter topics,
 * valid events retried until the database takes them), and every replica's memory follows through the same
 * notifications as the invoker view.
 */
@ApplicationScoped
public class ProviderViews {

    private final EventProjection<ProviderEvent> providers;
    private final EventProjection<ServiceApiEvent> apis;

    public ProviderViews(AuthorizationState state, MeterRegistry registry) {
        this.providers = new EventProjection<>(
                "provider event",
                "capif.provider.events",
                ProviderEvent::decode,
                ProviderViews::apply,
                e -> state.providerChanged(e.apiProvDomId()),
                ProviderEvent::eventId,
                registry);
        this.apis = new EventProjection<>(
                "service API event",
                "capif.service_api.events",
                ServiceApiEvent::decode,
                ProviderViews::apply,
                e -> state.apiChanged(e.apiId()),
                ServiceApiEvent::eventId,
                registry);
    }

    @Incoming("provider-events")
    public Uni<Void> consumeProvider(String payload) {
        return providers.consume(payload);
    }

    @Incoming("service-api-events")
    public Uni<Void> consumeServiceApi(String payload) {
        return apis.consume(payload);
    }

    /** Applies a provider event in its own transaction; true if it changed the view. */
    public static Uni<Boolean> apply(ProviderEvent event) {
        return upsert(
                "provider_domain_view",
                "api_prov_dom_id",
                event.apiProvDomId(),
                EventCodec.encode(event),
                event.sequence(),
                AuthorizationState.PROVIDER_PREFIX + event.apiProvDomId());
    }

    /** Applies a service API event in its own transaction; true if it changed the view. */
    public static Uni<Boolean> apply(ServiceApiEvent event) {
        return upsert(
                "service_api_view",
                "api_id",
                event.apiId(),
                EventCodec.encode(event),
                event.sequence(),
                AuthorizationState.API_PREFIX + event.apiId());
    }

    private static Uni<Boolean> upsert(
            String table, String keyColumn, String key, String event, long sequence, String notification) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into " + table + " (" + keyColumn + ", event, sequence, updated_at)"
                                + " values (:key, :event, :sequence, now())"
                                + " on conflict (" + keyColumn + ") do update set event = excluded.event,"
                                + " sequence = excluded.sequence, updated_at = excluded.updated_at"
                                + " where " + table + ".sequence < excluded.sequence")
                .setParameter("key", key)
                .setParameter("event", event)
                .setParameter("sequence", sequence)
                .executeUpdate()
                .chain(rows -> rows == 0
                        ? Uni.createFrom().item(false)
                        : AuthorizationState.notifyChange(session, notification).replaceWith(true))));
    }
}
