package org.capif.provider.publish;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.config.CommonConfig;
import org.capif.common.event.EventCodec;
import org.capif.common.event.ServiceApiEvent;
import org.capif.common.event.ServiceApiEventType;
import org.capif.common.event.ServiceApiStatus;
import org.capif.common.outbox.OutboxRecord;

/** Builds the service API events (the description as published after the change) that go to the outbox. */
@ApplicationScoped
public class ServiceApiEvents {

    private final String topic;
    private final Clock clock;

    public ServiceApiEvents(CommonConfig config, Clock clock) {
        this.topic = config.topics().serviceApiEvents();
        this.clock = clock;
    }

    /** A published or updated API. */
    public OutboxRecord published(PublishedApi api, ServiceApiEventType type) {
        return record(api, type, ServiceApiStatus.PUBLISHED, api.version);
    }

    /** An unpublished API: nothing may grant, discover or invoke it any more. */
    public OutboxRecord unpublished(PublishedApi api, long sequence) {
        return record(api, ServiceApiEventType.SERVICE_API_UNAVAILABLE, ServiceApiStatus.UNPUBLISHED, sequence);
    }

    private OutboxRecord record(PublishedApi api, ServiceApiEventType type, ServiceApiStatus status, long sequence) {
        ServiceApiEvent event = new ServiceApiEvent(
                UUID.randomUUID(),
                type,
                ServiceApiEvent.SCHEMA_VERSION,
                clock.instant(),
                api.apiId,
                sequence,
                status,
                api.apfId,
                api.apiProvDomId,
                EventCodec.decode(api.description, ServiceAPIDescription.class));
        return new OutboxRecord(topic, api.apiId, event.eventId(), type.name(), EventCodec.encode(event));
    }
}
