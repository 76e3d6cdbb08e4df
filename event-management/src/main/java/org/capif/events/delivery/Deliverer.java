package org.capif.events.delivery;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.capif.events.EventsConfig;
import org.jboss.logging.Logger;

/**
 * Delivers the queued notifications (TS 29.222 §8.3 callbacks and the security context's destination): at least once,
 * in order per subscription, with exponential back-off, from any number of replicas.
 *
 * <ul>
 *   <li>A replica takes a <em>lease</em> on a subscription with notifications due (a row update with
 *       {@code for update skip locked}, so replicas never share one), sends its notifications in sequence order, and
 *       after each 2xx deletes the notification and advances {@code delivered_seq} in one transaction, renewing the
 *       lease. A subscription is never worked on by two replicas at once, hence the order.
 *   <li>A failed attempt (no answer, timeout, refused address, any status but 2xx, including redirects) stops the turn:
 *       the next attempt is due after {@code initial-backoff x 2^(attempts-1)} (at most {@code max-backoff}, with
 *       jitter) and the notification stays at the head of the queue. A subscription failing for
 *       {@code give-up-after} is removed with its queue.
 *   <li>All state is in PostgreSQL: a replica that stops (gracefully: it finishes and records the notification in
 *       flight, then releases its leases; or killed: its leases run out) loses nothing, and a notification whose 2xx
 *       was recorded is never sent again. Only a notification in flight when a replica is killed can be sent a second
 *       time, with the same {@code Capif-Event-Id} header so that the subscriber can recognise it.
 * </ul>
 */
@ApplicationScoped
public class Deliverer {

    private static final Logger LOG = Logger.getLogger(Deliverer.class);

    /** A subscription this replica holds the lease of. */
    record Claim(
            String subscriptionId,
            String subscriberId,
            String destination,
            long deliveredSeq,
            int attempts,
            Long maxReports) {}

    private record Pending(long seq, UUID eventId, String payload) {}

    private final AgroalDataSource dataSource;
    private final EventsConfig.Delivery settings;
    private final EventsConfig.Callbacks callbacks;
    private final String owner = UUID.randomUUID().toString();
    private final Semaphore wakeUps = new Semaphore(0);
    private final Counter delivered;
    private final Counter failed;
    private final Counter gaveUp;
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean running;
    private CallbackClient client;
    private ExecutorService workers;
    private Semaphore slots;
    private Thread poller;

    public Deliverer(AgroalDataSource dataSource, EventsConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.settings = config.delivery();
        this.callbacks = config.callbacks();
        this.delivered = registry.counter("capif.events.notifications", "outcome", "delivered");
        this.failed = registry.counter("capif.events.notifications", "outcome", "failed");
        this.gaveUp = registry.counter("capif.events.subscriptions.removed", "reason", "failing");
        registry.gauge("capif.events.deliveries.active", busy);
    }

    void start(@Observes StartupEvent event) {
        if (settings.threads() <= 0) {
            LOG.info("notification delivery is off on this replica (capif.delivery.threads=0)");
            return;
        }
        CallbackPolicy policy =
                new CallbackPolicy(callbacks.allowedNetworks().orElse(List.of()), callbacks.allowHttp());
        client = new CallbackClient(
                policy,
                CallbackTls.context(callbacks.trustCerts()),
                callbacks.connectTimeout(),
                callbacks.readTimeout(),
                callbacks.maxResponseBytes(),
                settings.threads() * 2,
                InetAddress::getAllByName);
        slots = new Semaphore(settings.threads());
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "capif-delivery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        running = true;
        poller = new Thread(this::poll, "capif-delivery-poller");
        poller.setDaemon(true);
        poller.start();
        // the id this replica's leases carry (subscription.lease_owner), so that an operator can tell who holds one
        LOG.infof("notification delivery started; lease owner %s", owner);
    }

    /**
     * Stops taking work, lets every notification in flight finish and be recorded (bounded by the callback timeouts),
     * then gives up this replica's leases so that another replica, or this one restarted, continues at once.
     */
    void stop(@Observes ShutdownEvent event) {
        if (!running) {
            return;
        }
        running = false;
        wakeUp();
        try {
            poller.join(2000);
            workers.shutdown();
            Duration grace =
                    callbacks.connectTimeout().plus(callbacks.readTimeout()).plusSeconds(2);
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "update subscription set lease_owner = null, lease_until = null where lease_owner = ?")) {
            ps.setString(1, owner);
            int released = ps.executeUpdate();
            LOG.infof("notification delivery stopped; %d leases released", released);
        } catch (SQLException e) {
            LOG.warnf("leases not released (they run out by themselves): %s", e.toString());
        }
        client.close();
    }

    /** Asks for a look at the queues now (after this replica enqueued something). */
    public void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    private void poll() {
        while (running) {
            try {
                int free = slots.availablePermits();
                List<Claim> claims = free == 0 ? List.of() : claim(free);
                for (Claim claim : claims) {
                    slots.acquire();
                    busy.incrementAndGet();
                    workers.execute(() -> {
                        try {
                            work(claim);
                        } catch (Exception e) {
                            LOG.warnf("delivery to subscription %s interrupted: %s", claim.subscriptionId(), e);
                        } finally {
                            busy.decrementAndGet();
                            slots.release();
                            wakeUp();
                        }
                    });
                }
                if (claims.isEmpty() || claims.size() < free) {
                    wakeUps.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("looking for notifications to deliver failed, retrying: %s", e.toString());
                sleep(settings.pollInterval().multipliedBy(4));
            }
        }
    }

    /** Leases up to {@code n} subscriptions with notifications due and no other holder. */
    List<Claim> claim(int n) throws SQLException {
        List<Claim> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("update subscription s set lease_owner = ?, lease_until ="
                        + " now() + (? * interval '1 millisecond') where subscription_id in (select subscription_id"
                        + " from subscription where enqueued_seq > delivered_seq and (next_attempt_at is null or"
                        + " next_attempt_at <= now()) and (lease_until is null or lease_until < now()) order by"
                        + " next_attempt_at nulls first, subscription_id limit ? for update skip locked) returning"
                        + " subscription_id, subscriber_id, notification_destination, delivered_seq, attempts,"
                        + " max_reports")) {
            ps.setString(1, owner);
            ps.setLong(2, settings.lease().toMillis());
            ps.setInt(3, n);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long max = rs.getLong(6);
                    // wasNull() speaks of the column read last: ask before reading any other
                    Long maxReports = rs.wasNull() ? null : max;
                    out.add(new Claim(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getLong(4),
                            rs.getInt(5),
                            maxReports));
                }
            }
        }
        return out;
    }

    /** One turn on a leased subscription: its notifications in order until one fails or the batch is done. */
    void work(Claim claim) throws SQLException {
        int sent = 0;
        long deliveredSeq = claim.deliveredSeq();
        int attempts = claim.attempts();
        while (running && sent < settings.batchSize()) {
            List<Pending> next = pending(claim.subscriptionId(), deliveredSeq, settings.batchSize() - sent);
            if (next.isEmpty()) {
                settleGap(claim.subscriptionId(), deliveredSeq);
                break;
            }
            for (Pending p : next) {
                if (!running) {
                    break;
                }
                CallbackClient.Outcome outcome = client.post(
                        claim.destination(),
                        p.payload(),
                        Map.of("Capif-Event-Id", p.eventId().toString()));
                if (!outcome.delivered()) {
                    failed.increment();
                    fail(claim, attempts + 1, outcome);
                    return;
                }
                delivered.increment();
                attempts = 0;
                if (!ack(claim, p.seq())) {
                    return; // lease lost or subscription gone: another replica or a deletion took over
                }
                deliveredSeq = p.seq();
                sent++;
                if (claim.maxReports() != null && p.seq() >= claim.maxReports()) {
                    remove(claim.subscriptionId(), "maxReportNbr reached");
                    return;
                }
            }
        }
        release(claim.subscriptionId());
    }

    private List<Pending> pending(String subscriptionId, long after, int limit) throws SQLException {
        List<Pending> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select seq, event_id, payload from notification where"
                        + " subscription_id = ? and seq > ? order by seq limit ?")) {
            ps.setString(1, subscriptionId);
            ps.setLong(2, after);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pending(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** Records a 2xx: the notification is gone and the lease renewed, in one transaction; false if the lease was lost. */
    private boolean ack(Claim claim, long seq) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement("update subscription set delivered_seq = greatest("
                            + "delivered_seq, ?), attempts = 0, next_attempt_at = null, failing_since = null,"
                            + " lease_until = now() + (? * interval '1 millisecond'), updated_at = now() where"
                            + " subscription_id = ? and lease_owner = ?");
                    PreparedStatement delete =
                            c.prepareStatement("delete from notification where subscription_id = ? and seq <= ?")) {
                update.setLong(1, seq);
                update.setLong(2, settings.lease().toMillis());
                update.setString(3, claim.subscriptionId());
                update.setString(4, owner);
                if (update.executeUpdate() == 0) {
                    c.rollback();
                    return false;
                }
                delete.setString(1, claim.subscriptionId());
                delete.setLong(2, seq);
                delete.executeUpdate();
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Records a failed attempt: the next one is due after the back-off; the lease is given up meanwhile. */
    private void fail(Claim claim, int attempts, CallbackClient.Outcome outcome) throws SQLException {
        long wait = backoff(attempts);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("update subscription set attempts = ?, next_attempt_at ="
                        + " now() + (? * interval '1 millisecond'), failing_since = coalesce(failing_since, now()),"
                        + " lease_owner = null, lease_until = null, updated_at = now() where subscription_id = ? and"
                        + " lease_owner = ? returning failing_since < now() - (? * interval '1 millisecond')")) {
            ps.setInt(1, attempts);
            ps.setLong(2, wait);
            ps.setString(3, claim.subscriptionId());
            ps.setString(4, owner);
            ps.setLong(5, settings.giveUpAfter().toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                if (attempts == 1) {
                    LOG.infof(
                            "notification to subscription %s of %s failed (%s), retrying with back-off",
                            claim.subscriptionId(),
                            claim.subscriberId(),
                            outcome.status() > 0 ? "status " + outcome.status() : outcome.failure());
                }
                if (rs.next() && rs.getBoolean(1)) {
                    gaveUp.increment();
                    remove(claim.subscriptionId(), "failing for longer than " + settings.giveUpAfter());
                }
            }
        }
    }

    /** The wait before attempt {@code attempts + 1}: exponential, capped, with up to 20% jitter. */
    long backoff(int attempts) {
        long base = settings.initialBackoff().toMillis();
        long max = settings.maxBackoff().toMillis();
        long wait = attempts >= 31 ? max : Math.min(max, base << Math.max(0, attempts - 1));
        return wait - (long) (wait * 0.2 * ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The queue is empty although the counters say otherwise (a sequence number whose notification was not written):
     * once no enqueuer holds the row, align the counters.
     */
    private void settleGap(String subscriptionId, long deliveredSeq) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement(
                            "select enqueued_seq from subscription where subscription_id = ? and lease_owner = ? for"
                                    + " update");
                    PreparedStatement left = c.prepareStatement(
                            "select count(*) from notification where subscription_id = ? and seq > ?");
                    PreparedStatement align = c.prepareStatement(
                            "update subscription set delivered_seq = enqueued_seq where subscription_id = ?")) {
                lock.setString(1, subscriptionId);
                lock.setString(2, owner);
                try (ResultSet rs = lock.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return;
                    }
                }
                left.setString(1, subscriptionId);
                left.setLong(2, deliveredSeq);
                try (ResultSet rs = left.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        align.setString(1, subscriptionId);
                        align.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void release(String subscriptionId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("update subscription set lease_owner = null, lease_until ="
                        + " null where subscription_id = ? and lease_owner = ?")) {
            ps.setString(1, subscriptionId);
            ps.setString(2, owner);
            ps.executeUpdate();
        }
    }

    private void remove(String subscriptionId, String why) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "delete from subscription where subscription_id = ? returning subscriber_id")) {
            ps.setString(1, subscriptionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    LOG.infof("subscription %s of %s removed: %s", subscriptionId, rs.getString(1), why);
                }
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
