package org.capif.validator.policy;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.capif.validator.ValidatorConfig;
import org.capif.validator.state.ValidatorState;
import org.jboss.logging.Logger;

/**
 * {@code allowedTotalInvocations} across replicas. Each replica leases blocks of at most {@code lease-size}
 * invocations from a counter in PostgreSQL (row-locked, never above the allowed total) and serves them from memory, so
 * the database is visited once per block, not per invocation. Together the replicas never admit more than the total.
 * Invocations leased but not used are given back to the counter when the policy changes and when the replica stops
 * (SIGTERM: a rolling update, a scale-down), so another replica can admit them; only a replica that dies without
 * stopping (SIGKILL, a lost node) strands its unused blocks, at most {@code lease-size} per (invoker, AEF, API), in the
 * safe direction (docs/decisions.md D16).
 */
@ApplicationScoped
public class UsageLeases {

    private static final Logger LOG = Logger.getLogger(UsageLeases.class);

    /** The counter row a key's invocations are leased from. */
    private record Row(String invokerId, String aefId, String apiId) {}

    private final Pool pool;
    private final int leaseSize;
    private final Map<String, AtomicLong> remaining = new ConcurrentHashMap<>();
    private final Map<String, Row> rows = new ConcurrentHashMap<>();
    private final Map<String, Uni<Long>> inFlight = new java.util.HashMap<>();
    private final Map<String, Object> leaseMarkers = new java.util.HashMap<>();

    public UsageLeases(Pool pool, ValidatorConfig config, ValidatorState state) {
        this.pool = pool;
        this.leaseSize = config.policy().leaseSize();
        state.onPolicyChange(key -> release(key)
                .subscribe()
                .with(
                        n -> {},
                        e -> LOG.warnf(
                                "could not give back unused invocations after a policy change: %s", e.getMessage())));
    }

    /** Gives the unused invocations of every key back to the shared counter when the replica stops. */
    void onStop(@Observes ShutdownEvent event) {
        long given = 0;
        for (String key : List.copyOf(remaining.keySet())) {
            try {
                given += release(key).await().atMost(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warnf("could not give back unused invocations on stop: %s", e.getMessage());
            }
        }
        if (given > 0) {
            LOG.infof("gave back %d leased, unused invocations on stop", given);
        }
    }

    /**
     * Takes the key's unused invocations out of this replica (no invocation can use them afterwards) and subtracts
     * them from the shared counter; the number given back.
     */
    Uni<Long> release(String key) {
        AtomicLong local = remaining.remove(key);
        Row row = rows.get(key);
        long unused = local == null ? 0 : Math.max(0, local.getAndSet(0));
        if (unused == 0 || row == null) {
            return Uni.createFrom().item(0L);
        }
        return pool.withTransaction(c -> c.preparedQuery(
                                """
                                        update invocation_usage set leased = greatest(0, leased - $4)
                                        where api_invoker_id = $1 and aef_id = $2 and api_id = $3""")
                        .execute(Tuple.of(row.invokerId(), row.aefId(), row.apiId(), unused)))
                .replaceWith(unused);
    }

    /** Admits one invocation of the key if the allowed total is not used up. */
    public Uni<Boolean> tryAcquire(String invokerId, String aefId, String apiId, String key, long total) {
        AtomicLong local = remaining.computeIfAbsent(key, k -> new AtomicLong());
        rows.putIfAbsent(key, new Row(invokerId, aefId, apiId));
        if (take(local)) {
            return Uni.createFrom().item(true);
        }
        return sharedLease(key, local, invokerId, aefId, apiId, total).chain(granted -> {
            if (take(local)) {
                return Uni.createFrom().item(true);
            }
            if (granted <= 0) {
                return Uni.createFrom().item(false);
            }
            // the block went to the other invocations that waited for it: lease another
            return tryAcquire(invokerId, aefId, apiId, key, total);
        });
    }

    /**
     * One lease in flight per key: invocations arriving together while the local block is empty wait for the same
     * lease and share its block, instead of each leasing a block (which would strand invocations in this replica).
     */
    private synchronized Uni<Long> sharedLease(
            String key, AtomicLong local, String invokerId, String aefId, String apiId, long total) {
        Uni<Long> running = inFlight.get(key);
        if (running != null) {
            return running;
        }
        Object marker = new Object();
        Uni<Long> lease = lease(invokerId, aefId, apiId, total)
                .invoke(local::addAndGet)
                .onTermination()
                .invoke(() -> leaseDone(key, marker))
                .memoize()
                .indefinitely();
        inFlight.put(key, lease);
        leaseMarkers.put(key, marker);
        return lease;
    }

    private synchronized void leaseDone(String key, Object marker) {
        if (leaseMarkers.remove(key, marker)) {
            inFlight.remove(key);
        }
    }

    /** Takes one invocation from a block leased to this replica, if any is left. */
    static boolean take(AtomicLong local) {
        long n;
        do {
            n = local.get();
            if (n <= 0) {
                return false;
            }
        } while (!local.compareAndSet(n, n - 1));
        return true;
    }

    /** Leases up to a block from the shared counter; returns how many were granted (0 when the total is used up). */
    private Uni<Long> lease(String invokerId, String aefId, String apiId, long total) {
        return pool.withTransaction(c -> c.preparedQuery(
                        """
                                insert into invocation_usage (api_invoker_id, aef_id, api_id, leased)
                                values ($1, $2, $3, 0) on conflict do nothing""")
                .execute(Tuple.of(invokerId, aefId, apiId))
                .chain(() -> c.preparedQuery(
                                """
                                        select leased from invocation_usage
                                        where api_invoker_id = $1 and aef_id = $2 and api_id = $3 for update""")
                        .execute(Tuple.of(invokerId, aefId, apiId)))
                .chain(rows -> {
                    long leased = rows.iterator().next().getLong(0);
                    long grant = Math.max(0, Math.min(leaseSize, total - leased));
                    if (grant == 0) {
                        return Uni.createFrom().item(0L);
                    }
                    return c.preparedQuery(
                                    """
                                            update invocation_usage set leased = leased + $4
                                            where api_invoker_id = $1 and aef_id = $2 and api_id = $3""")
                            .execute(Tuple.of(invokerId, aefId, apiId, grant))
                            .replaceWith(grant);
                }));
    }
}
