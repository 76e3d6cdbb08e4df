package org.capif.validator.state;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.capif.common.api.ApiInvokerPolicy;
import org.capif.common.event.InvokerEvent;
import org.capif.common.event.InvokerStatus;
import org.capif.common.event.PolicyEvent;
import org.capif.common.event.ProviderEvent;
import org.capif.common.event.Revocation;
import org.capif.common.event.SecurityEvent;
import org.capif.common.event.ServiceApiEvent;
import org.capif.common.event.SubscribedApi;
import org.capif.common.event.TokenRevokedEvent;
import org.capif.common.jose.AccessTokenClaims;
import org.capif.common.provider.ProviderRegistry;
import org.capif.common.provider.PublishedApiIndex;

/**
 * Everything the validator knows besides the keys, in memory: invokers (status), revocation instants per invoker and
 * API (security events, plus revocations AEFs asked this service for), revoked token ids, access control policies, the
 * registered provider domain functions (which AEF certificates are current) and the published service APIs.
 * Built from the compacted topics at every start (and kept current from them), so it survives restarts without a
 * store of its own; every entry only moves forward by sequence, so replays and duplicates change nothing.
 */
@ApplicationScoped
public class ValidatorState {

    /**
     * An invoker as the validator needs it: its status, the thumbprint of its one valid certificate, and the APIs it is
     * subscribed to now.
     */
    public record InvokerState(
            String id, InvokerStatus status, long sequence, String certificateThumbprint, List<SubscribedApi> apis) {

        /**
         * True if the invoker event lists {@code apiName} at {@code aefId} (the subscription as it was made; what is
         * usable now is {@link ValidatorState#subscriptions}).
         */
        public boolean subscribed(String aefId, String apiName) {
            return apis.stream()
                    .anyMatch(a -> a.aefId().equals(aefId) && a.apiName().equals(apiName));
        }
    }

    /** The revocation instants of one invoker's security context, by {@code aefId|apiName}. */
    public record ContextState(long sequence, Map<String, Instant> notBefore) {}

    /** One policy, by {@code invoker|aef|apiName}. */
    public record PolicyState(long sequence, String aefId, String apiId, String apiName, ApiInvokerPolicy policy) {}

    private final Map<String, InvokerState> invokers = new ConcurrentHashMap<>();
    private final Map<String, ContextState> contexts = new ConcurrentHashMap<>();
    private final Map<String, Instant> localNotBefore = new ConcurrentHashMap<>();
    private final Map<String, Instant> revokedTokens = new ConcurrentHashMap<>();
    private final Map<String, PolicyState> policiesByKey = new ConcurrentHashMap<>();
    private final Map<String, PolicyState> policiesByName = new ConcurrentHashMap<>();
    private final List<java.util.function.Consumer<String>> policyListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ProviderRegistry providers = new ProviderRegistry();
    private final PublishedApiIndex publishedApis = new PublishedApiIndex();

    public InvokerState invoker(String id) {
        return invokers.get(id);
    }

    /** The instant before which tokens for this API at this AEF are revoked, or null. */
    public Instant notBefore(String invokerId, String aefId, String apiName) {
        String api = aefId + "|" + apiName;
        ContextState context = contexts.get(invokerId);
        Instant fromContext = context == null ? null : context.notBefore().get(api);
        Instant local = localNotBefore.get(invokerId + "|" + api);
        if (fromContext == null) {
            return local;
        }
        return local == null || fromContext.isAfter(local) ? fromContext : local;
    }

    /**
     * The invoker's subscriptions usable now: at the AEFs where the subscribed APIs are published and active, under
     * their current names ({@link PublishedApiIndex#effective}, the authorization function's rule; an API id the index
     * never heard of keeps the invoker event's entry).
     */
    public List<SubscribedApi> subscriptions(InvokerState invoker) {
        return publishedApis.effective(invoker.apis());
    }

    /** The registered provider domain functions (which AEF certificates are accepted). */
    public ProviderRegistry providers() {
        return providers;
    }

    /** The published service APIs. */
    public PublishedApiIndex publishedApis() {
        return publishedApis;
    }

    public boolean tokenRevoked(String jti) {
        return revokedTokens.containsKey(jti);
    }

    public PolicyState policy(String invokerId, String aefId, String apiName) {
        return policiesByName.get(invokerId + "|" + aefId + "|" + apiName);
    }

    /** Called with the {@link PolicyEvent#key} whenever a policy changes (e.g. to drop leases of the old limit). */
    public void onPolicyChange(java.util.function.Consumer<String> listener) {
        policyListeners.add(listener);
    }

    public void apply(InvokerEvent e) {
        invokers.merge(
                e.apiInvokerId(),
                new InvokerState(
                        e.apiInvokerId(), e.status(), e.sequence(), e.certificateThumbprint(), List.copyOf(e.apis())),
                (old, neu) -> neu.sequence() > old.sequence() ? neu : old);
    }

    public void apply(SecurityEvent e) {
        Map<String, Instant> notBefore = new HashMap<>();
        for (Revocation r : e.revocations()) {
            notBefore.merge(r.aefId() + "|" + r.apiName(), r.notBefore(), (a, b) -> a.isAfter(b) ? a : b);
        }
        contexts.merge(
                e.apiInvokerId(),
                new ContextState(e.sequence(), Map.copyOf(notBefore)),
                (old, neu) -> neu.sequence() > old.sequence() ? neu : old);
    }

    public void apply(PolicyEvent e) {
        String key = PolicyEvent.key(e.apiInvokerId(), e.aefId(), e.apiId());
        PolicyState next = new PolicyState(e.sequence(), e.aefId(), e.apiId(), e.apiName(), e.policy());
        PolicyState kept = policiesByKey.merge(key, next, (old, neu) -> neu.sequence() > old.sequence() ? neu : old);
        if (kept == next) {
            policiesByName.put(e.apiInvokerId() + "|" + e.aefId() + "|" + e.apiName(), next);
            policyListeners.forEach(l -> l.accept(key));
        }
    }

    public void apply(ProviderEvent e) {
        providers.apply(e);
    }

    public void apply(ServiceApiEvent e) {
        publishedApis.apply(e);
    }

    public void apply(TokenRevokedEvent e) {
        revokedTokens.put(e.jti(), e.expiresAt());
    }

    /** A revocation an AEF asked for (revoke-authorization); the latest instant per API wins. */
    public void revokeLocally(String invokerId, String aefId, String apiName, Instant notBefore) {
        localNotBefore.merge(invokerId + "|" + aefId + "|" + apiName, notBefore, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Forgets revoked token ids whose tokens have expired anyway. */
    public void purgeExpired(Instant now) {
        // a token is accepted until exp plus the clock skew: its revocation must outlive that
        revokedTokens.values().removeIf(exp -> !AccessTokenClaims.live(exp.getEpochSecond(), now.getEpochSecond()));
    }

    public int size() {
        return invokers.size();
    }
}
