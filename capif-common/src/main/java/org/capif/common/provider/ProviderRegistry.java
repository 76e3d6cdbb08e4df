package org.capif.common.provider;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.Thumbprints;
import org.capif.common.event.ProviderEvent;
import org.capif.common.event.ProviderFunction;
import org.capif.common.event.ProviderStatus;

/**
 * The registered API provider domain functions as a service knows them from the provider events, in memory: which
 * function ids exist, with which role and which one certificate (by thumbprint). Fed with full-state events (from
 * Kafka, or rebuilt from a service's own view rows), each applied only if newer than the domain's last one, so replays
 * and stale events change nothing. Thread-safe.
 */
public final class ProviderRegistry {

    private final Map<String, ProviderEvent> domains = new ConcurrentHashMap<>();
    private final Map<String, Registered> functions = new ConcurrentHashMap<>();

    /** One registered function and its domain. */
    public record Registered(String apiProvDomId, ProviderFunction function) {}

    /** Applies a domain's event if it is newer than what is known; true if it changed anything. */
    public synchronized boolean apply(ProviderEvent event) {
        ProviderEvent known = domains.get(event.apiProvDomId());
        if (known != null && known.sequence() >= event.sequence()) {
            return false;
        }
        if (known != null) {
            known.functions()
                    .forEach(f -> functions.remove(f.apiProvFuncId(), new Registered(known.apiProvDomId(), f)));
        }
        domains.put(event.apiProvDomId(), event);
        if (event.status() == ProviderStatus.REGISTERED) {
            event.functions().forEach(f -> functions.put(f.apiProvFuncId(), new Registered(event.apiProvDomId(), f)));
        }
        return true;
    }

    /** Forgets everything (a rebuild starts from nothing). */
    public synchronized void clear() {
        domains.clear();
        functions.clear();
    }

    public Optional<Registered> function(String apiProvFuncId) {
        return Optional.ofNullable(functions.get(apiProvFuncId));
    }

    /**
     * Whether a certificate with this role, id and thumbprint is the current certificate of a registered function: a
     * removed function, a deregistered domain, another role or a replaced certificate is not.
     */
    public boolean current(CapifRole role, String apiProvFuncId, String thumbprint) {
        Registered r = functions.get(apiProvFuncId);
        return r != null
                && r.function().role() == role
                && Thumbprints.matches(r.function().certificateThumbprint(), thumbprint);
    }

    /** The last applied event of a domain (its sequence), if any. */
    public Optional<ProviderEvent> domain(String apiProvDomId) {
        return Optional.ofNullable(domains.get(apiProvDomId));
    }

    public int size() {
        return functions.size();
    }
}
