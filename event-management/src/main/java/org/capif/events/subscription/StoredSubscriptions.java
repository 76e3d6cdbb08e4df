package org.capif.events.subscription;

import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.capif.common.cert.CapifRole;
import org.capif.common.event.EventCodec;
import org.capif.events.notification.Matching;
import org.capif.events.view.Peers;

/** The {@code subscription} rows of event subscriptions (see {@code V2__subscriptions.sql}). */
public final class StoredSubscriptions {

    private static final TypeReference<List<CAPIFEventFilter>> FILTERS = new TypeReference<>() {};

    private StoredSubscriptions() {}

    /** A subscription row as the fan-out matches events against it. */
    public static Matching.Target target(Row row) {
        String filters = row.getString("event_filters");
        return new Matching.Target(
                row.getString("subscription_id"),
                row.getString("subscriber_id"),
                CapifRole.valueOf(row.getString("subscriber_role")),
                row.getString("subscriber_domain"),
                Arrays.asList(row.getArrayOfStrings("events")),
                filters == null ? null : EventCodec.decode(filters, FILTERS),
                row.getBoolean("enhanced"));
    }

    static Uni<Long> count(SqlClient client, String subscriberId) {
        return client.preparedQuery("select count(*) from subscription where subscriber_id = $1 and kind = 'EVENTS'")
                .execute(Tuple.of(subscriberId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    static Uni<Void> insert(SqlClient client, String id, Peers.Party party, SubscriptionValidator.Valid v) {
        return client.preparedQuery("insert into subscription (subscription_id, subscriber_id, subscriber_role,"
                        + " subscriber_domain, kind, events, event_filters, notification_destination, enhanced,"
                        + " resource, max_reports, expires_at, created_at, updated_at) values ($1, $2, $3, $4,"
                        + " 'EVENTS', $5, $6, $7, $8, $9, $10, $11, now(), now())")
                .execute(Tuple.from(Arrays.asList(
                        id,
                        party.id(),
                        party.role().name(),
                        party.domainId(),
                        names(v),
                        filters(v),
                        v.resource().notificationDestination(),
                        v.enhanced(),
                        EventCodec.encode(v.resource()),
                        v.maxReports(),
                        time(v.expiresAt()))))
                .replaceWithVoid();
    }

    /**
     * Replaces what a subscription asks for (PUT, PATCH); its queue stays and goes to the new destination. False if
     * the subscriber has no such subscription.
     */
    static Uni<Boolean> replace(SqlClient client, String subscriberId, String id, SubscriptionValidator.Valid v) {
        return client.preparedQuery("update subscription set events = $3, event_filters = $4,"
                        + " notification_destination = $5, enhanced = $6, resource = $7, max_reports = $8, expires_at"
                        + " = $9, updated_at = now() where subscription_id = $1 and subscriber_id = $2 and kind ="
                        + " 'EVENTS'")
                .execute(Tuple.from(Arrays.asList(
                        id,
                        subscriberId,
                        names(v),
                        filters(v),
                        v.resource().notificationDestination(),
                        v.enhanced(),
                        EventCodec.encode(v.resource()),
                        v.maxReports(),
                        time(v.expiresAt()))))
                .map(rows -> rows.rowCount() > 0);
    }

    static Uni<Boolean> delete(SqlClient client, String subscriberId, String id) {
        return client.preparedQuery("delete from subscription where subscription_id = $1 and subscriber_id = $2 and"
                        + " kind = 'EVENTS'")
                .execute(Tuple.of(id, subscriberId))
                .map(rows -> rows.rowCount() > 0);
    }

    static Uni<Optional<EventSubscription>> find(SqlClient client, String subscriberId, String id) {
        return client.preparedQuery("select resource from subscription where subscription_id = $1 and subscriber_id ="
                        + " $2 and kind = 'EVENTS'")
                .execute(Tuple.of(id, subscriberId))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(EventCodec.decode(rows.iterator().next().getString(0), EventSubscription.class)));
    }

    /** The subscriber's subscriptions with their ids, oldest first. */
    static Uni<List<Listed>> list(SqlClient client, String subscriberId) {
        return client.preparedQuery("select subscription_id, resource, enqueued_seq - delivered_seq, dropped,"
                        + " failing_since from subscription where subscriber_id = $1 and kind = 'EVENTS' order by"
                        + " created_at, subscription_id")
                .execute(Tuple.of(subscriberId))
                .map(rows -> {
                    List<Listed> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Listed(
                                r.getString(0),
                                EventCodec.decode(r.getString(1), EventSubscription.class),
                                r.getLong(2),
                                r.getLong(3),
                                r.getOffsetDateTime(4)));
                    }
                    return out;
                });
    }

    /** One subscription in a listing, with its delivery state. */
    public record Listed(
            String subscriptionId,
            EventSubscription subscription,
            long pending,
            long dropped,
            OffsetDateTime failingSince) {}

    private static String[] names(SubscriptionValidator.Valid v) {
        return v.resource().events().toArray(String[]::new);
    }

    private static String filters(SubscriptionValidator.Valid v) {
        return v.resource().eventFilters() == null
                ? null
                : EventCodec.encode(v.resource().eventFilters());
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
