package org.capif.common.outbox;

import java.util.UUID;

/**
 * One event waiting in the outbox table.
 *
 * @param topic the Kafka topic
 * @param key the Kafka key (the aggregate id, e.g. the apiInvokerId, so all its events share a partition)
 * @param eventId the event's id, also sent as the {@code capif-event-id} header
 * @param eventType the event's type, also sent as the {@code capif-event-type} header
 * @param payload the JSON event
 */
public record OutboxRecord(String topic, String key, UUID eventId, String eventType, String payload) {}
