package org.capif.common.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka, at least once and in commit order per key (TS 29.222 events must never be lost,
 * see {@code docs/architecture.md#events}).
 *
 * <p>One relay at a time works on a table: each round takes a transaction-scoped advisory lock, reads the oldest rows
 * in id order, sends them, waits for every acknowledgement and only then deletes them in the same transaction. A crash
 * or a Kafka outage anywhere in that round rolls the deletion back, so the rows are sent again later, with the same
 * event ids and in the same order; consumers de-duplicate by event sequence. The relay runs on its own thread because
 * the Kafka producer and JDBC block; it never touches an event loop.
 */
public final class OutboxRelay implements AutoCloseable {

    /**
     * Tuning of one relay.
     *
     * @param batchSize rows per round
     * @param pollInterval how often to look for rows written by other replicas when nobody wakes the relay
     * @param maxBackoff longest pause between rounds while Kafka or the database fail
     * @param ackTimeout how long to wait for Kafka to acknowledge one round
     * @param lockKey advisory lock key that elects the single active relay per table
     */
    public record Settings(
            int batchSize, Duration pollInterval, Duration maxBackoff, Duration ackTimeout, long lockKey) {}

    public static final String HEADER_EVENT_ID = "capif-event-id";
    public static final String HEADER_EVENT_TYPE = "capif-event-type";

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);

    private final DataSource dataSource;
    private final Producer<String, String> producer;
    private final Settings settings;
    private final Semaphore wakeUps = new Semaphore(0);
    private final AtomicLong pending = new AtomicLong();
    private final Counter published;
    private final Counter failures;
    private final Preparation preparation;
    private volatile boolean prepared;
    private volatile boolean running;
    private boolean closed;
    private volatile boolean healthy = true;
    private Thread thread;

    /** Work that must succeed once before the first round, e.g. creating the topics; retried with backoff. */
    @FunctionalInterface
    public interface Preparation {
        void run() throws Exception;
    }

    public OutboxRelay(
            DataSource dataSource,
            Producer<String, String> producer,
            Settings settings,
            MeterRegistry registry,
            Preparation preparation) {
        this.dataSource = dataSource;
        this.preparation = preparation;
        this.producer = producer;
        this.settings = settings;
        this.published = Counter.builder("capif.outbox.published")
                .description("Events the outbox relay published to Kafka")
                .register(registry);
        this.failures = Counter.builder("capif.outbox.failures")
                .description("Relay rounds that failed (Kafka or database unavailable)")
                .register(registry);
        registry.gauge("capif.outbox.pending", pending);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "capif-outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks the relay to run a round now, e.g. right after a transaction that wrote to the outbox committed. */
    public void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /** False while rounds fail (Kafka or the database unreachable). */
    public boolean healthy() {
        return healthy;
    }

    /** Rows counted as waiting at the end of the last round. */
    public long pending() {
        return pending.get();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        wakeUp();
        if (thread != null) {
            try {
                thread.join(settings.ackTimeout().toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(5));
    }

    private void loop() {
        Duration backoff = MIN_BACKOFF;
        while (running) {
            try {
                if (!prepared) {
                    preparation.run();
                    prepared = true;
                }
                int sent = relayOnce();
                if (!healthy) {
                    LOG.info("outbox relay recovered");
                }
                healthy = true;
                backoff = MIN_BACKOFF;
                if (sent == settings.batchSize()) {
                    continue;
                }
                wakeUps.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failures.increment();
                if (healthy) {
                    LOG.warnf("outbox relay round failed, retrying with backoff: %s", e.toString());
                }
                healthy = false;
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0
                        ? settings.maxBackoff()
                        : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * One round: publishes up to a batch of rows and deletes them once acknowledged. Returns how many were published
     * (0 if another relay holds the lock).
     */
    public int relayOnce() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!tryLock(c)) {
                    c.rollback();
                    return 0;
                }
                List<Row> rows = oldest(c);
                if (rows.isEmpty()) {
                    c.commit();
                    pending.set(0);
                    return 0;
                }
                List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
                for (Row row : rows) {
                    ProducerRecord<String, String> record =
                            new ProducerRecord<>(row.topic(), null, row.key(), row.payload());
                    record.headers().add(HEADER_EVENT_ID, row.eventId().getBytes(StandardCharsets.UTF_8));
                    record.headers().add(HEADER_EVENT_TYPE, row.eventType().getBytes(StandardCharsets.UTF_8));
                    Future<RecordMetadata> ack = producer.send(record);
                    if (ack.isDone()) {
                        // failed already (no metadata within max.block.ms, say): stop here, or a later row could
                        // reach Kafka before this one once the broker is back within the round
                        ack.get();
                    }
                    acks.add(ack);
                }
                long deadline = System.nanoTime() + settings.ackTimeout().toNanos();
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                delete(c, rows);
                c.commit();
                published.increment(rows.size());
                pending.set(count(c));
                return rows.size();
            } catch (Exception e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    private boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, settings.lockKey());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private List<Row> oldest(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select id, topic, message_key, event_id, event_type, payload from outbox order by id limit ?")) {
            ps.setInt(1, settings.batchSize());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6)));
                }
            }
        }
        return rows;
    }

    private static void delete(Connection c, List<Row> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from outbox where id = any(?)")) {
            ps.setArray(1, c.createArrayOf("bigint", rows.stream().map(Row::id).toArray()));
            ps.executeUpdate();
        }
    }

    private static long count(Connection c) {
        try (PreparedStatement ps = c.prepareStatement("select count(*) from outbox");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return -1;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it and the transaction dies with it
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Row(long id, String topic, String key, String eventId, String eventType, String payload) {}
}
