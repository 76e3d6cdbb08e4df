package org.capif.validator.aef;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.capif.validator.ValidatorConfig;
import org.capif.validator.state.ValidatorState;
import org.jboss.logging.Logger;

/**
 * Revocations AEFs asked this service for (AEF_Security_API revoke-authorization). They take effect in this replica at
 * once, are stored in PostgreSQL so they survive restarts, and reach the other replicas by polling: each poll re-reads
 * a window that overlaps the previous one, which is safe because applying a revocation twice changes nothing.
 */
@ApplicationScoped
public class LocalRevocations {

    private static final Logger LOG = Logger.getLogger(LocalRevocations.class);
    private static final long OVERLAP_SECONDS = 10;

    private final Pool pool;
    private final ValidatorState state;
    private final Vertx vertx;
    private final long pollMillis;
    private volatile boolean loaded;
    private volatile Instant since = Instant.EPOCH;
    private long timer = -1;

    public LocalRevocations(Pool pool, ValidatorState state, Vertx vertx, ValidatorConfig config) {
        this.pool = pool;
        this.state = state;
        this.vertx = vertx;
        this.pollMillis = config.policy().localRevocationPoll().toMillis();
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(0, pollMillis, id -> poll().subscribe()
                .with(v -> {}, e -> LOG.warnf("local revocations not polled: %s", e.toString())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    public boolean loaded() {
        return loaded;
    }

    /** Stores and applies a revocation. */
    public Uni<Void> revoke(String invokerId, String aefId, String apiName, Instant notBefore, String cause) {
        state.revokeLocally(invokerId, aefId, apiName, notBefore);
        return pool.preparedQuery("insert into local_revocation (api_invoker_id, aef_id, api_name, not_before, cause)"
                        + " values ($1, $2, $3, $4, $5)")
                .execute(
                        Tuple.of(invokerId, aefId, apiName, OffsetDateTime.ofInstant(notBefore, ZoneOffset.UTC), cause))
                .replaceWithVoid();
    }

    private Uni<Void> poll() {
        Instant from = since.minusSeconds(OVERLAP_SECONDS);
        // the window is measured on the database's clock, the one that stamps created_at, so a replica whose clock
        // runs ahead cannot skip rows
        return pool.query("select now() as db_now")
                .execute()
                .map(rows -> rows.iterator().next().getOffsetDateTime("db_now").toInstant())
                .chain(started -> pool.preparedQuery("select * from local_revocation where created_at >= $1")
                        .execute(Tuple.of(OffsetDateTime.ofInstant(from, ZoneOffset.UTC)))
                        .invoke(rows -> {
                            for (Row r : rows) {
                                state.revokeLocally(
                                        r.getString("api_invoker_id"),
                                        r.getString("aef_id"),
                                        r.getString("api_name"),
                                        r.getOffsetDateTime("not_before").toInstant());
                            }
                            since = started;
                            loaded = true;
                        }))
                .replaceWithVoid();
    }
}
