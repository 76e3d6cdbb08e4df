package org.capif.invoker.onboarding;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.capif.common.config.CommonConfig;
import org.capif.common.event.EventCodec;
import org.capif.common.event.InvokerEvent;
import org.capif.common.event.InvokerEventType;
import org.capif.common.event.InvokerStatus;
import org.capif.common.event.SubscribedApi;
import org.capif.common.outbox.OutboxRecord;

/** Builds the invoker events (full state after the change) that go to the outbox with every change. */
@ApplicationScoped
public class InvokerEvents {

    private final String topic;
    private final Clock clock;

    public InvokerEvents(CommonConfig config, Clock clock) {
        this.topic = config.topics().invokerEvents();
        this.clock = clock;
    }

    /** An onboarded or updated invoker: status ACTIVE with its current certificate and subscriptions. */
    public OutboxRecord active(ApiInvoker invoker, InvokerEventType type, List<SubscribedApi> subscriptions) {
        return record(new InvokerEvent(
                UUID.randomUUID(),
                type,
                InvokerEvent.SCHEMA_VERSION,
                clock.instant(),
                invoker.apiInvokerId,
                invoker.version,
                InvokerStatus.ACTIVE,
                invoker.certificateThumbprint,
                invoker.certificateNotAfter,
                subscriptions));
    }

    /** An offboarded invoker: no subscription left; the last certificate thumbprint says which certificate died. */
    public OutboxRecord offboarded(ApiInvoker invoker, long sequence) {
        return record(new InvokerEvent(
                UUID.randomUUID(),
                InvokerEventType.API_INVOKER_OFFBOARDED,
                InvokerEvent.SCHEMA_VERSION,
                clock.instant(),
                invoker.apiInvokerId,
                sequence,
                InvokerStatus.OFFBOARDED,
                invoker.certificateThumbprint,
                invoker.certificateNotAfter,
                List.of()));
    }

    private OutboxRecord record(InvokerEvent event) {
        return new OutboxRecord(
                topic, event.apiInvokerId(), event.eventId(), event.type().name(), EventCodec.encode(event));
    }
}
