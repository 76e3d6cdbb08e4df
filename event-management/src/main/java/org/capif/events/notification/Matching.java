package org.capif.events.notification;

import java.util.Collection;
import java.util.List;
import org.capif.common.cert.CapifRole;
import org.capif.events.subscription.CAPIFEventFilter;

/**
 * Whether a CAPIF event goes to a subscription: the subscription lists the event, the event filter of that position
 * matches (each list present must share a member with what the event concerns), and the subscriber may see the event
 * (docs/decisions.md D27): an invoker the events about itself and service API events; an AEF and an APF the events
 * that concern it; an AMF the events that concern its API provider domain. Visibility applies whatever the filters say.
 */
public final class Matching {

    /**
     * A subscription as the fan-out sees it.
     *
     * @param domain the API provider domain of a provider function subscriber (null for invokers)
     * @param filters index-aligned with {@code events}; shorter or null means no filter for the rest
     */
    public record Target(
            String subscriptionId,
            String subscriberId,
            CapifRole role,
            String domain,
            List<String> events,
            List<CAPIFEventFilter> filters,
            boolean enhanced) {}

    private Matching() {}

    public static boolean matches(Target target, Occurrence occurrence) {
        int index = target.events().indexOf(occurrence.type().name());
        if (index < 0 || !visible(target, occurrence)) {
            return false;
        }
        CAPIFEventFilter filter =
                target.filters() != null && index < target.filters().size()
                        ? target.filters().get(index)
                        : null;
        return filter == null || matches(filter, occurrence.concerned());
    }

    /** Whether the subscriber may see the event at all. */
    public static boolean visible(Target target, Occurrence occurrence) {
        Concerned c = occurrence.concerned();
        return switch (target.role()) {
            case INVOKER ->
                c.invokers().contains(target.subscriberId())
                        || (c.discoverable() && occurrence.type().serviceApi());
            case AEF -> c.aefs().contains(target.subscriberId());
            case APF -> c.apfs().contains(target.subscriberId());
            case AMF -> target.domain() != null && c.domains().contains(target.domain());
            default -> false;
        };
    }

    static boolean matches(CAPIFEventFilter filter, Concerned concerned) {
        return shares(filter.apiIds(), concerned.apiIds())
                && shares(filter.apiInvokerIds(), concerned.invokers())
                && shares(filter.aefIds(), concerned.aefs());
    }

    private static boolean shares(List<String> wanted, Collection<String> actual) {
        return wanted == null || wanted.stream().anyMatch(actual::contains);
    }
}
