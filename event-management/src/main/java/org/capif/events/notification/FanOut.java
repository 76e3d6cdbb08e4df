package org.capif.events.notification;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.capif.common.cert.CapifRole;
import org.capif.common.event.EventCodec;
import org.capif.events.EventsConfig;
import org.capif.events.subscription.CapifEventType;
import org.capif.events.subscription.StoredSubscriptions;
import org.jboss.logging.Logger;

/**
 * Puts CAPIF events into the queues of the subscriptions they go to, in the transaction of the change that caused them
 * (so a change and its notifications commit together, and a record consumed twice is refused before by its sequence).
 * Each matching subscription's row is locked while its next sequence numbers are taken, which makes the queue order
 * the commit order. A queue holds at most {@code capif.delivery.max-queue} notifications: beyond it new ones are
 * dropped and counted on the subscription ({@code dropped}) and in {@code capif_events_notifications_total}. A
 * subscription with a {@code maxReportNbr} gets no more than that many.
 */
@ApplicationScoped
public class FanOut {

    private static final Logger LOG = Logger.getLogger(FanOut.class);

    /** Prefix of the implicit subscription of an invoker's security context destination. */
    public static final String SECURITY_PREFIX = "security-";

    private final int maxQueue;
    private final Counter enqueued;
    private final Counter dropped;

    public FanOut(EventsConfig config, MeterRegistry registry) {
        this.maxQueue = config.delivery().maxQueue();
        this.enqueued = registry.counter("capif.events.notifications", "outcome", "enqueued");
        this.dropped = registry.counter("capif.events.notifications", "outcome", "dropped");
    }

    /** Enqueues every occurrence for every subscription it matches; the number of notifications enqueued. */
    public Uni<Integer> enqueue(SqlConnection tx, List<Occurrence> occurrences) {
        if (occurrences.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        String[] types =
                occurrences.stream().map(o -> o.type().name()).distinct().toArray(String[]::new);
        return tx.preparedQuery("select subscription_id, subscriber_id, subscriber_role, subscriber_domain, events,"
                        + " event_filters, enhanced, max_reports, enqueued_seq, delivered_seq from subscription"
                        + " where kind = 'EVENTS' and events && $1 and (expires_at is null or expires_at > now())"
                        + " order by subscription_id for update")
                .execute(Tuple.of(types))
                .chain(rows -> {
                    List<Tuple> inserts = new ArrayList<>();
                    List<Tuple> updates = new ArrayList<>();
                    for (Row row : rows) {
                        Matching.Target target = StoredSubscriptions.target(row);
                        Long maxReports = row.getLong("max_reports");
                        long seq = row.getLong("enqueued_seq");
                        long delivered = row.getLong("delivered_seq");
                        long droppedNow = 0;
                        for (Occurrence o : occurrences) {
                            if (!Matching.matches(target, o) || (maxReports != null && seq >= maxReports)) {
                                continue;
                            }
                            if (seq - delivered >= maxQueue) {
                                droppedNow++;
                                continue;
                            }
                            seq++;
                            CAPIFEventDetail detail = !target.enhanced()
                                    ? null
                                    : target.role() == CapifRole.INVOKER ? o.invokerDetail() : o.detail();
                            inserts.add(notification(
                                    target.subscriptionId(),
                                    seq,
                                    o.eventId(),
                                    o.type(),
                                    EventCodec.encode(new EventNotification(
                                            target.subscriptionId(), o.type().name(), detail))));
                        }
                        if (seq != row.getLong("enqueued_seq") || droppedNow > 0) {
                            updates.add(Tuple.of(target.subscriptionId(), seq, droppedNow));
                        }
                        if (droppedNow > 0) {
                            dropped.increment(droppedNow);
                            LOG.warnf(
                                    "subscription %s of %s: queue full (%d), %d notifications dropped",
                                    target.subscriptionId(), target.subscriberId(), maxQueue, droppedNow);
                        }
                    }
                    return write(tx, inserts, updates);
                });
    }

    /**
     * Enqueues security notifications for the invoker's security context destination (TS 29.222 CAPIF_Security_API
     * callback), in the implicit subscription kept per invoker; the destination is the one the latest security event
     * named.
     */
    public Uni<Integer> enqueueSecurity(
            SqlConnection tx,
            String apiInvokerId,
            String destination,
            UUID sourceEventId,
            List<SecurityNotification> notifications) {
        String id = SECURITY_PREFIX + apiInvokerId;
        return tx.preparedQuery(
                        "insert into subscription (subscription_id, subscriber_id, subscriber_role, kind, events,"
                                + " notification_destination, enhanced, resource, created_at, updated_at)"
                                + " values ($1, $2, 'INVOKER', 'SECURITY', $3, $4, false, '{}', now(), now())"
                                + " on conflict (subscription_id) do update set notification_destination ="
                                + " excluded.notification_destination, updated_at = now()"
                                + " returning enqueued_seq, delivered_seq")
                .execute(Tuple.of(
                        id,
                        apiInvokerId,
                        new String[] {CapifEventType.API_INVOKER_AUTHORIZATION_REVOKED.name()},
                        destination))
                .chain(rows -> {
                    Row row = rows.iterator().next();
                    long seq = row.getLong("enqueued_seq");
                    long delivered = row.getLong("delivered_seq");
                    List<Tuple> inserts = new ArrayList<>();
                    long droppedNow = 0;
                    for (int i = 0; i < notifications.size(); i++) {
                        if (seq - delivered >= maxQueue) {
                            droppedNow++;
                            continue;
                        }
                        seq++;
                        inserts.add(notification(
                                id,
                                seq,
                                Occurrence.id(sourceEventId, 1000 + i),
                                CapifEventType.API_INVOKER_AUTHORIZATION_REVOKED,
                                EventCodec.encode(notifications.get(i))));
                    }
                    dropped.increment(droppedNow);
                    return write(tx, inserts, List.of(Tuple.of(id, seq, droppedNow)));
                });
    }

    private static Tuple notification(String subscriptionId, long seq, UUID eventId, CapifEventType type, String body) {
        return Tuple.from(Arrays.asList(subscriptionId, seq, eventId, type.name(), body));
    }

    private Uni<Integer> write(SqlConnection tx, List<Tuple> inserts, List<Tuple> updates) {
        Uni<Void> insert = inserts.isEmpty()
                ? Uni.createFrom().voidItem()
                : tx.preparedQuery("insert into notification (subscription_id, seq, event_id, event, payload,"
                                + " created_at) values ($1, $2, $3, $4, $5, now())"
                                + " on conflict (subscription_id, event_id) do nothing")
                        .executeBatch(inserts)
                        .replaceWithVoid();
        Uni<Void> update = updates.isEmpty()
                ? Uni.createFrom().voidItem()
                : tx.preparedQuery("update subscription set enqueued_seq = $2, dropped = dropped + $3,"
                                + " updated_at = now() where subscription_id = $1")
                        .executeBatch(updates)
                        .replaceWithVoid();
        return insert.chain(() -> update)
                .invoke(() -> enqueued.increment(inserts.size()))
                .replaceWith(inserts.size());
    }
}
