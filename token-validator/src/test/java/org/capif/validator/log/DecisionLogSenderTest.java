package org.capif.validator.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.capif.common.event.DecisionLogEvent;
import org.capif.testing.edge.LogCapture;
import org.junit.jupiter.api.Test;

/**
 * The sender never makes its caller wait: with Kafka unreachable (a real producer towards a closed port) every offer
 * returns at once, the buffer stays bounded, what cannot be sent is dropped and counted, and the warning about it is
 * one line without a stack trace per interval, not one per decision. Also the opt-in list's parsing.
 */
class DecisionLogSenderTest {

    private static final int CAPACITY = 10;

    @Test
    void offerWhenKafkaIsUnreachableThenNeverBlocksAndDropsAreCountedAndReportedOnce() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LogCapture log = LogCapture.start();
                DecisionLogSender sender = new DecisionLogSender(
                        Map.of("bootstrap.servers", "127.0.0.1:" + closedPort()),
                        "capif.decision-logs",
                        CAPACITY,
                        Duration.ofSeconds(2),
                        Clock.systemUTC(),
                        registry)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 5_000; i++) {
                sender.offer(event());
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(millis).as("5000 offers must not wait for Kafka").isLessThan(2_000);
            double bufferFull = registry.counter("capif.invocation_logs.dropped", "reason", "buffer_full")
                    .count();
            // the sender thread can take at most a few while the loop runs (each waits up to max.block.ms)
            assertThat(bufferFull).isGreaterThanOrEqualTo(5_000 - CAPACITY - 10);
            assertThat(registry.get("capif.invocation_logs.buffered").gauge().value())
                    .isLessThanOrEqualTo(CAPACITY);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> registry.counter("capif.invocation_logs.dropped", "reason", "send_failed")
                                    .count()
                            >= 1);
            assertThat(registry.counter("capif.invocation_logs.sent").count()).isZero();
            // one line per interval, whatever the number dropped, and no stack trace
            assertThat(log.messages(DecisionLogSender.class.getName()))
                    .singleElement()
                    .satisfies(m -> assertThat(m).startsWith("invocation logs dropped (buffer full): "));
            assertThat(log.stackTraces()).noneMatch(t -> t.contains(DecisionLogSender.class.getName()));
        }
    }

    @Test
    void createWhenTheBufferOrTimeoutIsTooSmallThenRefusedNamingTheKey() {
        Map<String, Object> kafka = Map.of("bootstrap.servers", "127.0.0.1:1");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        assertThatThrownBy(
                        () -> new DecisionLogSender(kafka, "t", 0, Duration.ofSeconds(30), Clock.systemUTC(), registry))
                .hasMessageContaining("capif.invocation-log.buffer-size");
        assertThatThrownBy(
                        () -> new DecisionLogSender(kafka, "t", 10, Duration.ofSeconds(1), Clock.systemUTC(), registry))
                .hasMessageContaining("capif.invocation-log.send-timeout");
    }

    @Test
    void selectionWhenIdsStarsAndBlanksThenTheIdsAndOnlyValidOnes() {
        assertThat(DecisionLogs.selection(List.of())).isEmpty();
        assertThat(DecisionLogs.selection(List.of(" aef-1 ", "", "aef.2"))).containsExactlyInAnyOrder("aef-1", "aef.2");
        assertThat(DecisionLogs.selection(List.of("*"))).containsExactly(DecisionLogs.ALL);
        assertThatThrownBy(() -> DecisionLogs.selection(List.of("aef/../x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("capif.invocation-log.aefs");
    }

    private static DecisionLogEvent event() {
        return new DecisionLogEvent(
                UUID.randomUUID(), DecisionLogEvent.SCHEMA_VERSION, Instant.now(), "aef-1", "inv-1", "api", true, "OK");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
