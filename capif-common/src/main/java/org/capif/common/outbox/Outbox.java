package org.capif.common.outbox;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Writes events to the outbox table inside the caller's transaction, so an event exists if and only if its state
 * change committed (no dual write). {@link OutboxRelay} publishes them.
 */
public final class Outbox {

    private Outbox() {}

    /**
     * Appends an event. Call it after the aggregate's row is written and locked in the same transaction: that makes the
     * outbox id order equal the commit order per aggregate, which the relay preserves on Kafka.
     */
    public static Uni<Void> append(Mutiny.Session session, OutboxRecord record) {
        return session.flush()
                .chain(() -> session.createNativeQuery(
                                "insert into outbox (topic, message_key, event_id, event_type, payload)"
                                        + " values (:topic, :key, :eventId, :type, :payload)")
                        .setParameter("topic", record.topic())
                        .setParameter("key", record.key())
                        .setParameter("eventId", record.eventId())
                        .setParameter("type", record.eventType())
                        .setParameter("payload", record.payload())
                        .executeUpdate())
                .replaceWithVoid();
    }
}
