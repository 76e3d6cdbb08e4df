package org.capif.authz.context;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.capif.common.config.CommonConfig;
import org.capif.common.event.AuthorizedApi;
import org.capif.common.event.EventCodec;
import org.capif.common.event.Revocation;
import org.capif.common.event.RevokedApi;
import org.capif.common.event.SecurityEvent;
import org.capif.common.event.SecurityEventType;
import org.capif.common.outbox.OutboxRecord;

/** Builds the security events (full context state after the change) written to the outbox with every change. */
@ApplicationScoped
public class SecurityEvents {

    private final String topic;
    private final Clock clock;

    public SecurityEvents(CommonConfig config, Clock clock) {
        this.topic = config.topics().securityEvents();
        this.clock = clock;
    }

    public OutboxRecord of(SecurityContext context, SecurityEventType type) {
        return of(context, type, List.of());
    }

    /**
     * The event of a change that revoked {@code revoked} (Revoke_Authorization): it names them and the context's
     * {@code notificationDestination}, where event management tells the invoker (TS 29.222 {@code
     * SecurityNotification}).
     */
    public OutboxRecord of(SecurityContext context, SecurityEventType type, List<RevokedApi> revoked) {
        List<AuthorizedApi> authorized = SecurityContexts.entries(context).stream()
                .map(e -> new AuthorizedApi(e.aefId(), e.apiId(), e.apiName(), e.selSecurityMethod()))
                .toList();
        List<Revocation> revocations = SecurityContexts.revocations(context);
        SecurityEvent event = new SecurityEvent(
                UUID.randomUUID(),
                type,
                SecurityEvent.SCHEMA_VERSION,
                clock.instant(),
                context.apiInvokerId,
                context.version,
                authorized,
                revocations,
                context.notificationDestination,
                List.copyOf(revoked));
        return new OutboxRecord(topic, event.apiInvokerId(), event.eventId(), type.name(), EventCodec.encode(event));
    }
}
