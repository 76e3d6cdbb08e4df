package org.capif.validator.log;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.capif.common.event.DecisionLogEvent;
import org.capif.common.event.EventCodec;
import org.jboss.logging.Logger;

/**
 * Sends decision logs to Kafka without ever making a decision wait: {@link #offer} puts the event in a bounded buffer
 * and returns at once; one thread of its own hands the buffer to a Kafka producer (the service's client configuration,
 * so TLS and authentication as every other client). At most once per decision: when the buffer is full, the producer
 * cannot take the record, or Kafka does not acknowledge it within the send timeout, the log is dropped, counted in
 * {@code capif_invocation_logs_dropped_total{reason}}, and reported by one warning line (no stack trace) per
 * {@link #WARNING_INTERVAL} with the number dropped since the last one. Sent logs count in
 * {@code capif_invocation_logs_sent_total}. See docs/decisions.md D28.
 */
public final class DecisionLogSender implements AutoCloseable {

    /** At most one warning about dropped logs per interval. */
    static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(DecisionLogSender.class);
    private static final Duration MIN_SEND_TIMEOUT = Duration.ofSeconds(2);
    private static final long POLL_MS = 200;
    private static final long CLOSE_MS = 2000;

    private final String topic;
    private final BlockingQueue<DecisionLogEvent> buffer;
    private final Producer<String, String> producer;
    private final Clock clock;
    private final Counter sent;
    private final Counter bufferFull;
    private final Counter sendFailed;
    private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong droppedSinceWarning = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * A sender on {@code topic} with a buffer of {@code capacity} events; {@code kafka} is the service's Kafka client
     * configuration (the {@code default-kafka-broker} map). Starts its thread at once.
     */
    public DecisionLogSender(
            Map<String, Object> kafka,
            String topic,
            int capacity,
            Duration sendTimeout,
            Clock clock,
            MeterRegistry registry) {
        if (capacity < 1) {
            throw new IllegalStateException("capif.invocation-log.buffer-size must be at least 1, got " + capacity);
        }
        if (sendTimeout.compareTo(MIN_SEND_TIMEOUT) < 0) {
            throw new IllegalStateException(
                    "capif.invocation-log.send-timeout must be at least PT2S, got " + sendTimeout);
        }
        this.topic = topic;
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.clock = clock;
        this.sent = registry.counter("capif.invocation_logs.sent");
        this.bufferFull = registry.counter("capif.invocation_logs.dropped", "reason", "buffer_full");
        this.sendFailed = registry.counter("capif.invocation_logs.dropped", "reason", "send_failed");
        registry.gauge("capif.invocation_logs.buffered", buffer, BlockingQueue::size);
        this.producer = new KafkaProducer<>(producerConfig(kafka, sendTimeout));
        this.thread = new Thread(this::run, "capif-decision-logs");
        thread.setDaemon(true);
        thread.start();
    }

    static Map<String, Object> producerConfig(Map<String, Object> kafka, Duration sendTimeout) {
        Map<String, Object> p = new HashMap<>(kafka);
        p.remove("group.id"); // a consumer key in the shared map; a producer warns about it
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "capif-token-validator-decision-logs");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // retries within the send timeout never duplicate a record (event management stores each event id once anyway)
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        int timeout = (int) sendTimeout.toMillis();
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, Math.max(1000, timeout / 2)));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        // only this sender's thread ever waits (for metadata or room in the producer's buffer); the decisions fill the
        // bounded buffer meanwhile and are dropped when it is full
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * 1024 * 1024);
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return p;
    }

    /** Takes the event to send if there is room, else drops it; never blocks. */
    public void offer(DecisionLogEvent event) {
        if (!running || !buffer.offer(event)) {
            dropped(bufferFull, "buffer full");
        }
    }

    private void run() {
        while (running || !buffer.isEmpty()) {
            DecisionLogEvent e;
            try {
                e = buffer.poll(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
            if (e == null) {
                continue;
            }
            try {
                producer.send(new ProducerRecord<>(topic, e.aefId(), EventCodec.encode(e)), (metadata, failure) -> {
                    if (failure == null) {
                        sent.increment();
                    } else {
                        dropped(sendFailed, failure.getClass().getSimpleName());
                    }
                });
            } catch (RuntimeException failure) {
                // no metadata or no room in the producer's buffer within max.block.ms, or the producer closed
                dropped(sendFailed, failure.getClass().getSimpleName());
            }
        }
    }

    private void dropped(Counter counter, String why) {
        counter.increment();
        droppedSinceWarning.incrementAndGet();
        long now = clock.millis();
        long last = lastWarning.get();
        if ((last == Long.MIN_VALUE || now - last >= WARNING_INTERVAL.toMillis())
                && lastWarning.compareAndSet(last, now)) {
            long n = droppedSinceWarning.getAndSet(0);
            LOG.warnf(
                    "invocation logs dropped (%s): %d since the last report; see capif_invocation_logs_dropped_total",
                    why, n);
        }
    }

    /** Stops taking events, sends what is buffered for a short while, and closes the producer. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(CLOSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
        producer.close(Duration.ofMillis(CLOSE_MS));
    }
}
