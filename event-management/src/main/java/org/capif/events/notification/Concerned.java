package org.capif.events.notification;

import java.util.Set;

/**
 * Whom a CAPIF event concerns: the invokers, AEFs, APFs, API provider domains and APIs it is about. A subscriber sees
 * an event only if it is one of them (an AMF: its domain), or, for service API events, if it is an invoker, since
 * every invoker may discover every published API. Event filters match against the same sets.
 */
public record Concerned(
        Set<String> invokers,
        Set<String> aefs,
        Set<String> apfs,
        Set<String> domains,
        Set<String> apiIds,
        boolean discoverable) {

    public Concerned {
        invokers = Set.copyOf(invokers);
        aefs = Set.copyOf(aefs);
        apfs = Set.copyOf(apfs);
        domains = Set.copyOf(domains);
        apiIds = Set.copyOf(apiIds);
    }
}
