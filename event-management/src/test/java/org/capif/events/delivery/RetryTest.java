package org.capif.events.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.capif.events.EventsApi;
import org.capif.events.Parties;
import org.capif.events.Receivers;
import org.capif.testing.http.CallbackReceiver;
import org.junit.jupiter.api.Test;

/**
 * A subscriber whose callback fails for a while (500, or a redirect, which is never followed) gets every notification
 * later, in order, each answered with 2xx once: only the head of its queue is retried, with back-off, and the queue
 * and the failure state are gone once it is drained.
 */
@QuarkusTest
class RetryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void deliveryWhenReceiverFailsForAWhileThenEveryNotificationLaterOnceAndInOrder() {
        EventsApi api = new EventsApi(base);
        CallbackReceiver receiver = Receivers.receiver();
        Parties.Invoker invoker = Parties.onboard();
        String path = Receivers.path("failing");
        AtomicInteger refusals = new AtomicInteger();
        // the first attempts get a 500, then a redirect; from the fifth on the receiver accepts
        receiver.answer(e -> {
            if (!e.getRequestURI().getPath().equals(path)) {
                return 204;
            }
            int n = refusals.incrementAndGet();
            return n <= 2 ? 500 : n <= 4 ? 307 : 204;
        });
        try {
            String id = api.subscribeOk(
                    invoker.credential(),
                    invoker.id(),
                    EventsApi.subscription(Receivers.url(path), List.of("API_INVOKER_UPDATED")));

            Parties.update(invoker);
            Parties.update(invoker);
            Parties.update(invoker);

            List<CallbackReceiver.Received> all = receiver.await(
                    WAIT,
                    now -> now.stream()
                                    .filter(r -> r.path().equals(path) && r.answered() == 204)
                                    .count()
                            >= 3);
            List<CallbackReceiver.Received> mine =
                    all.stream().filter(r -> r.path().equals(path)).toList();
            List<CallbackReceiver.Received> refused =
                    mine.stream().filter(r -> r.answered() != 204).toList();
            List<CallbackReceiver.Received> accepted =
                    mine.stream().filter(r -> r.answered() == 204).toList();

            assertThat(refused).extracting(CallbackReceiver.Received::answered).containsExactly(500, 500, 307, 307);
            // only the head of the queue was retried, and it is the first one accepted
            assertThat(refused)
                    .extracting(CallbackReceiver.Received::eventId)
                    .containsOnly(accepted.get(0).eventId());
            assertThat(accepted).hasSize(3);
            assertThat(accepted).extracting(CallbackReceiver.Received::eventId).doesNotHaveDuplicates();
            assertThat(accepted.stream().map(Receivers::json))
                    .allSatisfy(
                            n -> assertThat(n.path("subscriptionId").asText()).isEqualTo(id))
                    .allSatisfy(n -> assertThat(n.path("events").asText()).isEqualTo("API_INVOKER_UPDATED"));
            // retried with back-off: the refusals are spread over time, not sent back to back
            assertThat(Duration.between(refused.get(0).at(), refused.get(3).at()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(150));
            Parties.awaitRow(
                    "select 1 from subscription where subscription_id = ? and attempts = 0 and failing_since is null"
                            + " and delivered_seq = enqueued_seq and not exists (select 1 from notification where"
                            + " subscription_id = ?)",
                    id,
                    id);
        } finally {
            receiver.answer(204);
        }
    }
}
