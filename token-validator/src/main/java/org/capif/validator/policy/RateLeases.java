package org.capif.validator.policy;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.capif.validator.ValidatorConfig;

/**
 * {@code allowedInvocationsPerSecond} across replicas. The budget of each calendar second is a counter in PostgreSQL
 * (one row per invoker, AEF and API, row-locked); a replica leases a slice of it ({@code ceil(limit / rate-slices)})
 * and serves the slice from memory, so the database is visited a few times per second and key, not per invocation.
 * Together the replicas never admit more than the limit in a second, however the balancer spreads (or pins) the AEFs'
 * connections; what a replica leased and did not use by the end of the second is not admitted by anyone (at most one
 * slice per replica and key). Seconds are the replicas' own clocks: a replica whose clock is behind the one that
 * opened a second leases nothing until it reaches that second (docs/decisions.md D16).
 */
@ApplicationScoped
public class RateLeases {

    /** What this replica may still admit in one second. */
    private record Slice(long second, AtomicLong left) {}

    private final Pool pool;
    private final int slices;
    private final Map<String, Slice> local = new ConcurrentHashMap<>();
    private final Map<String, Uni<Long>> inFlight = new HashMap<>();

    public RateLeases(Pool pool, ValidatorConfig config) {
        this.pool = pool;
        this.slices = Math.max(1, config.policy().rateSlices());
    }

    /** Admits one invocation of the key in this second if the rate allows it. */
    public Uni<Boolean> tryAcquire(
            String invokerId, String aefId, String apiId, String key, long second, int perSecond) {
        if (perSecond <= 0) {
            return Uni.createFrom().item(false);
        }
        if (take(key, second)) {
            return Uni.createFrom().item(true);
        }
        return sharedLease(key, second, invokerId, aefId, apiId, perSecond).chain(granted -> {
            if (take(key, second)) {
                return Uni.createFrom().item(true);
            }
            if (granted <= 0) {
                return Uni.createFrom().item(false);
            }
            // the slice went to the other invocations that waited for it: lease another
            return tryAcquire(invokerId, aefId, apiId, key, second, perSecond);
        });
    }

    private boolean take(String key, long second) {
        Slice s = local.get(key);
        return s != null && s.second() == second && UsageLeases.take(s.left());
    }

    /** One lease in flight per key and second; invocations arriving meanwhile share its slice. */
    private synchronized Uni<Long> sharedLease(
            String key, long second, String invokerId, String aefId, String apiId, int perSecond) {
        String flight = key + '\n' + second;
        Uni<Long> running = inFlight.get(flight);
        if (running != null) {
            return running;
        }
        Uni<Long> lease = lease(invokerId, aefId, apiId, second, perSecond)
                .invoke(granted -> add(key, second, granted))
                .onTermination()
                .invoke(() -> done(flight))
                .memoize()
                .indefinitely();
        inFlight.put(flight, lease);
        return lease;
    }

    private synchronized void done(String flight) {
        inFlight.remove(flight);
    }

    private void add(String key, long second, long granted) {
        local.compute(key, (k, old) -> {
            if (old != null && old.second() == second) {
                old.left().addAndGet(granted);
                return old;
            }
            if (old != null && old.second() > second) {
                return old; // this replica already moved on to a later second
            }
            return new Slice(second, new AtomicLong(granted));
        });
    }

    /** Leases up to a slice of the second's budget; how many were granted (0 when it is used up). */
    private Uni<Long> lease(String invokerId, String aefId, String apiId, long second, int perSecond) {
        long slice = Math.max(1, (perSecond + slices - 1) / slices);
        return pool.withTransaction(c -> c.preparedQuery(
                        """
                                insert into invocation_rate (api_invoker_id, aef_id, api_id, window_second, leased)
                                values ($1, $2, $3, $4, 0) on conflict do nothing""")
                .execute(Tuple.of(invokerId, aefId, apiId, second))
                .chain(() -> c.preparedQuery(
                                """
                                        select window_second, leased from invocation_rate
                                        where api_invoker_id = $1 and aef_id = $2 and api_id = $3 for update""")
                        .execute(Tuple.of(invokerId, aefId, apiId)))
                .chain(rows -> {
                    var row = rows.iterator().next();
                    long window = row.getLong(0);
                    if (window > second) {
                        return Uni.createFrom().item(0L); // another replica's clock is ahead: wait for its second
                    }
                    long leased = window == second ? row.getLong(1) : 0;
                    long grant = Math.max(0, Math.min(slice, perSecond - leased));
                    return c.preparedQuery(
                                    """
                                            update invocation_rate set window_second = $4, leased = $5
                                            where api_invoker_id = $1 and aef_id = $2 and api_id = $3""")
                            .execute(Tuple.of(invokerId, aefId, apiId, second, leased + grant))
                            .replaceWith(grant);
                }));
    }
}
