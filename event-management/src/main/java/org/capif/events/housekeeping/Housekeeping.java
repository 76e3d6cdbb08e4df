package org.capif.events.housekeeping;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.capif.events.EventsConfig;
import org.jboss.logging.Logger;

/**
 * Periodic work of event management, on its own thread on every replica (each step is an idempotent delete, so
 * replicas doing it at once is harmless):
 *
 * <ol>
 *   <li>subscriptions past their {@code monDur}, or whose subscriber left (offboarded, removed), are removed once their
 *       queue is drained, or {@code give-up-after} past their end anyway;
 *   <li>subscriptions whose callback has failed for longer than {@code capif.delivery.give-up-after} are removed;
 *   <li>invocation logs stored longer than {@code capif.logs.retention} ago are deleted, then the oldest beyond
 *       {@code capif.logs.max-rows}, in batches (a bound on storage whatever the rate);
 *   <li>the gauge {@code capif_events_notifications_pending} is refreshed.
 * </ol>
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    private static final int BATCH = 10_000;

    private final AgroalDataSource dataSource;
    private final EventsConfig config;
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean running;
    private Thread thread;

    public Housekeeping(AgroalDataSource dataSource, EventsConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.config = config;
        registry.gauge("capif.events.notifications.pending", pending);
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::loop, "capif-events-housekeeping");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(config.housekeeping().interval().toMillis());
                runOnce();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("housekeeping failed, trying again later: %s", e.toString());
            }
        }
    }

    /** One round of every step. */
    public void runOnce() throws SQLException {
        long giveUp = config.delivery().giveUpAfter().toMillis();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("delete from subscription where expires_at <= now() and"
                    + " (enqueued_seq = delivered_seq or expires_at < now() - (? * interval '1 millisecond'))"
                    + " returning subscription_id, subscriber_id")) {
                ps.setLong(1, giveUp);
                removed(ps, "ended (monDur passed, or the subscriber left)");
            }
            try (PreparedStatement ps = c.prepareStatement("delete from subscription where failing_since < now() -"
                    + " (? * interval '1 millisecond') returning subscription_id, subscriber_id")) {
                ps.setLong(1, giveUp);
                removed(
                        ps,
                        "its callback failed for longer than "
                                + config.delivery().giveUpAfter());
            }
            long deleted = 0;
            int n;
            do {
                try (PreparedStatement ps = c.prepareStatement("delete from invocation_log where id in (select id from"
                        + " invocation_log where stored_at < now() - (? * interval '1 millisecond') order by id limit"
                        + " ?)")) {
                    ps.setLong(1, config.logs().retention().toMillis());
                    ps.setInt(2, BATCH);
                    n = ps.executeUpdate();
                    deleted += n;
                }
            } while (n == BATCH && running);
            Long newestToDrop = null;
            try (PreparedStatement ps =
                    c.prepareStatement("select id from invocation_log order by id desc offset ? limit 1")) {
                ps.setLong(1, config.logs().maxRows());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        newestToDrop = rs.getLong(1);
                    }
                }
            }
            if (newestToDrop != null) {
                do {
                    try (PreparedStatement ps = c.prepareStatement("delete from invocation_log where id in (select id"
                            + " from invocation_log where id <= ? order by id limit ?)")) {
                        ps.setLong(1, newestToDrop);
                        ps.setInt(2, BATCH);
                        n = ps.executeUpdate();
                        deleted += n;
                    }
                } while (n == BATCH && running);
            }
            if (deleted > 0) {
                LOG.infof(
                        "%d invocation logs deleted (retention %s, at most %d rows)",
                        deleted, config.logs().retention(), config.logs().maxRows());
            }
            try (PreparedStatement ps = c.prepareStatement(
                            "select coalesce(sum(enqueued_seq - delivered_seq), 0) from subscription");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                pending.set(rs.getLong(1));
            }
        }
    }

    private static void removed(PreparedStatement ps, String why) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                LOG.infof("subscription %s of %s removed: %s", rs.getString(1), rs.getString(2), why);
            }
        }
    }
}
