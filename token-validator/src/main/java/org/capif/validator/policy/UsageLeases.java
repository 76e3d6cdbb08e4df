package org.capif.validator.policy;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.capif.validator.ValidatorConfig;
import org.capif.validator.state.ValidatorState;

/**
 * {@code allowedTotalInvocations} across replicas. Each replica leases blocks of at most {@code lease-size}
 * invocations from a counter in PostgreSQL (row-locked, never above the allowed total) and serves them from memory, so
 * the database is visited once per block, not per invocation. Together the replicas never admit more than the total;
 * invocations leased by a replica that stops, or not yet used when the policy changes, are lost (the safe direction).
 */
@ApplicationScoped
public class UsageLeases {

    private final Pool pool;
    private final int leaseSize;
    private final Map<String, AtomicLong> remaining = new ConcurrentHashMap<>();
    private final Map<String, Uni<Long>> inFlight = new java.util.HashMap<>();
    private final Map<String, Object> leaseMarkers = new java.util.HashMap<>();

    public UsageLeases(Pool pool, ValidatorConfig config, ValidatorState state) {
        this.pool = pool;
        this.leaseSize = config.policy().leaseSize();
        state.onPolicyChange(remaining::remove);
    }

    /** Admits one invocation of the key if the allowed total is not used up. */
    public Uni<Boolean> tryAcquire(String invokerId, String aefId, String apiId, String key, long total) {
        AtomicLong local = remaining.computeIfAbsent(key, k -> new AtomicLong());
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

    private static boolean take(AtomicLong local) {
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
