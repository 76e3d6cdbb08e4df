package org.capif.events.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.capif.events.EventsApi;
import org.capif.events.Parties;
import org.capif.events.Receivers;
import org.capif.testing.http.CallbackReceiver;
import org.junit.jupiter.api.Test;

/**
 * A replica killed while it held a subscription's lease (its row says so, and nobody releases it) blocks nobody for
 * longer than the lease: another replica takes the subscription over when the lease runs out and delivers everything
 * queued meanwhile, in order and once. The state is all in PostgreSQL, which is what a killed replica leaves behind.
 */
@QuarkusTest
class LeaseTakeoverTest {

    private static final Duration DEAD_LEASE = Duration.ofSeconds(3);

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void deliveryWhenAKilledReplicasLeaseRunsOutThenAnotherDeliversEverythingOnceInOrder() {
        EventsApi api = new EventsApi(base);
        CallbackReceiver receiver = Receivers.receiver();
        Parties.Invoker invoker = Parties.onboard();
        String path = Receivers.path("taken-over");
        String id = api.subscribeOk(
                invoker.credential(),
                invoker.id(),
                EventsApi.subscription(Receivers.url(path), List.of("API_INVOKER_UPDATED")));
        Instant leaseEnds = Instant.now().plus(DEAD_LEASE);
        assertThat(Parties.sql()
                        .update(
                                "update subscription set lease_owner = 'killed-replica', lease_until = now() + (? *"
                                        + " interval '1 millisecond') where subscription_id = ?",
                                DEAD_LEASE.toMillis(),
                                id))
                .isEqualTo(1);

        Parties.update(invoker);
        Parties.update(invoker);
        Parties.update(invoker);
        List<String> queued = Parties.sql()
                .rows("select event_id::text as id from notification where subscription_id = ? order by seq", id)
                .stream()
                .map(r -> (String) r.get("id"))
                .toList();
        assertThat(queued).hasSize(3);
        assertThat(receiver.received(path))
                .as("nobody sends while the dead lease holds")
                .isEmpty();

        List<CallbackReceiver.Received> got = receiver.await(
                DEAD_LEASE.plusSeconds(15),
                all -> all.stream().filter(r -> r.path().equals(path)).count() >= 3);

        List<CallbackReceiver.Received> mine =
                got.stream().filter(r -> r.path().equals(path)).toList();
        assertThat(mine).hasSize(3);
        assertThat(mine.get(0).at()).isAfterOrEqualTo(leaseEnds.minusMillis(100));
        assertThat(mine).extracting(CallbackReceiver.Received::eventId).containsExactlyElementsOf(queued);
        assertThat(mine.stream().map(Receivers::json))
                .allSatisfy(n -> assertThat(n.path("subscriptionId").asText()).isEqualTo(id));
        Parties.awaitRow(
                "select 1 from subscription where subscription_id = ? and lease_owner is distinct from"
                        + " 'killed-replica' and delivered_seq = enqueued_seq and not exists (select 1 from"
                        + " notification where subscription_id = ?)",
                id,
                id);
    }
}
