package org.capif.validator.policy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code allowedInvocationsPerSecond}, per replica: a counter per key and calendar second. Each replica admits
 * {@code ceil(limit / replicas)} per second, so N replicas behind a balancer admit about the limit together.
 */
final class RateLimiter {

    private record Window(long second, int count) {}

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** Counts the invocation if it fits this second's budget; false (and not counted) otherwise. */
    boolean tryAcquire(String key, long epochSecond, int perSecond) {
        boolean[] admitted = {false};
        windows.compute(key, (k, w) -> {
            if (w == null || w.second() != epochSecond) {
                admitted[0] = perSecond > 0;
                return new Window(epochSecond, admitted[0] ? 1 : 0);
            }
            if (w.count() < perSecond) {
                admitted[0] = true;
                return new Window(epochSecond, w.count() + 1);
            }
            return w;
        });
        return admitted[0];
    }
}
