package org.capif.provider.registration;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.capif.common.config.CommonConfig;
import org.capif.common.event.EventCodec;
import org.capif.common.event.ProviderEvent;
import org.capif.common.event.ProviderEventType;
import org.capif.common.event.ProviderFunction;
import org.capif.common.event.ProviderStatus;
import org.capif.common.outbox.OutboxRecord;

/** Builds the provider events (the domain's full state after the change) that go to the outbox with every change. */
@ApplicationScoped
public class ProviderEvents {

    private final String topic;
    private final Clock clock;

    public ProviderEvents(CommonConfig config, Clock clock) {
        this.topic = config.topics().providerEvents();
        this.clock = clock;
    }

    /** A registered or updated domain with every function it has now. */
    public OutboxRecord registered(ProviderDomain domain, ProviderEventType type) {
        return record(new ProviderEvent(
                UUID.randomUUID(),
                type,
                ProviderEvent.SCHEMA_VERSION,
                clock.instant(),
                domain.apiProvDomId,
                domain.version,
                ProviderStatus.REGISTERED,
                domain.functions.stream()
                        .map(f -> new ProviderFunction(
                                f.apiProvFuncId, f.role, f.certificateThumbprint, f.certificateNotAfter))
                        .toList()));
    }

    /** A deregistered domain: no function left, so none of its certificates is accepted any more. */
    public OutboxRecord deregistered(ProviderDomain domain, long sequence) {
        return record(new ProviderEvent(
                UUID.randomUUID(),
                ProviderEventType.API_PROVIDER_DEREGISTERED,
                ProviderEvent.SCHEMA_VERSION,
                clock.instant(),
                domain.apiProvDomId,
                sequence,
                ProviderStatus.DEREGISTERED,
                List.of()));
    }

    private OutboxRecord record(ProviderEvent event) {
        return new OutboxRecord(
                topic, event.apiProvDomId(), event.eventId(), event.type().name(), EventCodec.encode(event));
    }
}
