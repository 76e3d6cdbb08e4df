package org.capif.common.provider;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.capif.common.api.AefProfile;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.event.ServiceApiEvent;
import org.capif.common.event.ServiceApiStatus;
import org.capif.common.event.SubscribedApi;

/**
 * The published service APIs as a service knows them from the service API events, in memory, indexed for the token
 * and decision paths: by {@code apiId}, and by AEF and API name (the pair a token scope names, unique per AEF). Fed
 * with full-state events, each applied only if newer than the API's last one. Thread-safe.
 *
 * <p>It also decides which of an invoker's subscriptions are usable now ({@link #effective}): a subscription is to an
 * API id; it is usable at every AEF where that API is published and active, under its current name and with the
 * security methods that AEF publishes for it now. An API the index has never heard of keeps the subscription as the
 * invoker event carried it (its event may simply not have arrived yet); an unpublished one has no usable entry.
 */
public final class PublishedApiIndex {

    private final Map<String, ServiceApiEvent> byId = new ConcurrentHashMap<>();
    private final Map<String, String> byAefAndName = new ConcurrentHashMap<>();

    /** Applies an API's event if it is newer than what is known; true if it changed anything. */
    public synchronized boolean apply(ServiceApiEvent event) {
        ServiceApiEvent known = byId.get(event.apiId());
        if (known != null && known.sequence() >= event.sequence()) {
            return false;
        }
        if (known != null) {
            for (String aef : active(known)) {
                byAefAndName.remove(key(aef, known.description().apiName()), known.apiId());
            }
        }
        byId.put(event.apiId(), event);
        for (String aef : active(event)) {
            byAefAndName.put(key(aef, event.description().apiName()), event.apiId());
        }
        return true;
    }

    public synchronized void clear() {
        byId.clear();
        byAefAndName.clear();
    }

    /** The API's last known event, published or not. */
    public Optional<ServiceApiEvent> api(String apiId) {
        return Optional.ofNullable(byId.get(apiId));
    }

    /** The id of the API published and active at this AEF under this name, if any. */
    public Optional<String> apiAt(String aefId, String apiName) {
        return Optional.ofNullable(byAefAndName.get(key(aefId, apiName)));
    }

    /** The profile of a published API at an AEF where it is active. */
    public Optional<AefProfile> profile(String apiId, String aefId) {
        ServiceApiEvent e = byId.get(apiId);
        if (e == null || e.status() != ServiceApiStatus.PUBLISHED) {
            return Optional.empty();
        }
        return e.description().activeProfile(aefId);
    }

    /** The APIs published and active at this AEF now, in no particular order. */
    public List<ServiceApiEvent> publishedAt(String aefId) {
        List<ServiceApiEvent> out = new ArrayList<>();
        for (Map.Entry<String, String> e : byAefAndName.entrySet()) {
            if (e.getKey().startsWith(aefId + '\u0000')) {
                ServiceApiEvent api = byId.get(e.getValue());
                if (api != null) {
                    out.add(api);
                }
            }
        }
        return out;
    }

    /** The subscriptions usable now (see the class comment), one per API and AEF, in subscription order. */
    public List<SubscribedApi> effective(List<SubscribedApi> subscribed) {
        List<SubscribedApi> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (SubscribedApi s : subscribed) {
            ServiceApiEvent e = byId.get(s.apiId());
            if (e == null) {
                out.add(s);
                continue;
            }
            if (!seen.add(s.apiId()) || e.status() != ServiceApiStatus.PUBLISHED) {
                continue;
            }
            ServiceAPIDescription d = e.description();
            for (String aef : d.activeAefIds()) {
                d.activeProfile(aef)
                        .ifPresent(p ->
                                out.add(new SubscribedApi(s.apiId(), d.apiName(), aef, p.effectiveSecurityMethods())));
            }
        }
        return out;
    }

    public int size() {
        return byId.size();
    }

    private static List<String> active(ServiceApiEvent e) {
        return e.status() == ServiceApiStatus.PUBLISHED ? e.description().activeAefIds() : List.of();
    }

    private static String key(String aefId, String apiName) {
        return aefId + '\u0000' + apiName;
    }
}
