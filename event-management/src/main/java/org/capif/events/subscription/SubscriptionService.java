package org.capif.events.subscription;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.capif.common.api.JsonMergePatch;
import org.capif.common.cert.CapifRole;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.events.EventsConfig;
import org.capif.events.delivery.CallbackPolicy;
import org.capif.events.view.Peers;
import org.capif.events.view.Views;

/**
 * CAPIF event subscriptions (TS 29.222 §8.3 CAPIF_Events_API, subscribe, update, unsubscribe). The subscriber is the
 * party of the client certificate, which must be the {@code subscriberId} of the URI (403 {@code RESOURCE_NOT_OWNED}
 * otherwise) and a current invoker, AEF, APF or AMF (401 otherwise). What each may subscribe to (403
 * {@code EVENT_NOT_ALLOWED}, docs/decisions.md D27): an invoker neither other invokers' onboardings nor filters naming
 * another invoker; an AEF no filter naming another AEF; an APF or AMF no filter naming an AEF outside its domain; an
 * APF only events about APIs. Delivery then shows each subscriber only the events that concern it
 * ({@link org.capif.events.notification.Matching}).
 */
@ApplicationScoped
public class SubscriptionService {

    static final Set<String> PATCHABLE = Set.of("events", "eventFilters", "eventReq", "notificationDestination");

    /** A created subscription and its id. */
    public record Created(String subscriptionId, EventSubscription subscription) {}

    private final Pool pool;
    private final Peers peers;
    private final CallbackPolicy callbacks;
    private final Clock clock;
    private final ObjectMapper json;
    private final int maxPerSubscriber;

    public SubscriptionService(Pool pool, Peers peers, EventsConfig config, Clock clock, ObjectMapper json) {
        this.pool = pool;
        this.peers = peers;
        this.callbacks = new CallbackPolicy(
                config.callbacks().allowedNetworks().orElse(List.of()),
                config.callbacks().allowHttp());
        this.clock = clock;
        this.json = json;
        this.maxPerSubscriber = config.events().maxSubscriptionsPerSubscriber();
    }

    public Uni<Created> create(AuthenticatedPeer peer, String subscriberId, EventSubscription body) {
        requireSelf(peer, subscriberId);
        SubscriptionValidator.Valid v = SubscriptionValidator.validate(body, callbacks, clock.instant());
        String id = UUID.randomUUID().toString();
        return peers.current(peer)
                .call(party -> allowed(party, v))
                .chain(party -> pool.withTransaction(tx -> tx.preparedQuery(
                                "select pg_advisory_xact_lock(hashtext($1))")
                        .execute(Tuple.of("subscriber:" + party.id()))
                        .chain(() -> StoredSubscriptions.count(tx, party.id()))
                        .chain(count -> {
                            if (count >= maxPerSubscriber) {
                                throw CapifException.forbidden(
                                        Causes.SUBSCRIPTION_LIMIT_REACHED,
                                        "The subscriber already has " + maxPerSubscriber + " event subscriptions.");
                            }
                            return StoredSubscriptions.insert(tx, id, party, v);
                        })))
                .replaceWith(new Created(id, v.resource()));
    }

    /** PUT: replaces the subscription. */
    public Uni<EventSubscription> replace(
            AuthenticatedPeer peer, String subscriberId, String subscriptionId, EventSubscription body) {
        requireSelf(peer, subscriberId);
        SubscriptionValidator.Valid v = SubscriptionValidator.validate(body, callbacks, clock.instant());
        return peers.current(peer)
                .call(party -> allowed(party, v))
                .chain(party -> StoredSubscriptions.replace(pool, party.id(), subscriptionId, v))
                .map(found -> {
                    if (!found) {
                        throw notFound();
                    }
                    return v.resource();
                });
    }

    /** PATCH ({@code EventSubscriptionPatch}, RFC 7396): the merged subscription is checked as a whole. */
    public Uni<EventSubscription> modify(
            AuthenticatedPeer peer, String subscriberId, String subscriptionId, byte[] patch) {
        requireSelf(peer, subscriberId);
        ObjectNode changes = JsonMergePatch.parse(json, patch, PATCHABLE, "EventSubscriptionPatch");
        return peers.current(peer).chain(party -> StoredSubscriptions.find(pool, party.id(), subscriptionId)
                .chain(found -> {
                    EventSubscription current = found.orElseThrow(SubscriptionService::notFound);
                    EventSubscription merged = JsonMergePatch.merge(json, current, changes, EventSubscription.class);
                    SubscriptionValidator.Valid v = SubscriptionValidator.validate(merged, callbacks, clock.instant());
                    return allowed(party, v)
                            .chain(() -> StoredSubscriptions.replace(pool, party.id(), subscriptionId, v))
                            .map(replaced -> {
                                if (!replaced) {
                                    throw notFound();
                                }
                                return v.resource();
                            });
                }));
    }

    /** DELETE: the subscription and the notifications still waiting in its queue are gone. */
    public Uni<Void> delete(AuthenticatedPeer peer, String subscriberId, String subscriptionId) {
        requireSelf(peer, subscriberId);
        return peers.current(peer)
                .chain(party -> StoredSubscriptions.delete(pool, party.id(), subscriptionId))
                .map(found -> {
                    if (!found) {
                        throw notFound();
                    }
                    return null;
                });
    }

    public Uni<EventSubscription> get(AuthenticatedPeer peer, String subscriberId, String subscriptionId) {
        requireSelf(peer, subscriberId);
        return peers.current(peer)
                .chain(party -> StoredSubscriptions.find(pool, party.id(), subscriptionId))
                .map(found -> found.orElseThrow(SubscriptionService::notFound));
    }

    public Uni<List<StoredSubscriptions.Listed>> list(AuthenticatedPeer peer, String subscriberId) {
        requireSelf(peer, subscriberId);
        return peers.current(peer).chain(party -> StoredSubscriptions.list(pool, party.id()));
    }

    /** 403 {@code EVENT_NOT_ALLOWED} naming every event and filter entry the party may not subscribe to. */
    private Uni<Void> allowed(Peers.Party party, SubscriptionValidator.Valid v) {
        List<InvalidParam> refused = new ArrayList<>();
        List<String> events = v.resource().events();
        for (int i = 0; i < events.size(); i++) {
            if (!CapifEventType.valueOf(events.get(i)).allowedFor(party.role())) {
                refused.add(new InvalidParam("/events/" + i, "a " + party.role().uriName() + " may not subscribe"));
            }
        }
        List<CAPIFEventFilter> filters =
                v.resource().eventFilters() == null ? List.of() : v.resource().eventFilters();
        Set<String> aefsToCheck = new LinkedHashSet<>();
        for (int i = 0; i < filters.size(); i++) {
            CAPIFEventFilter f = filters.get(i);
            if (party.role() == CapifRole.INVOKER) {
                others(f.apiInvokerIds(), party.id(), "/eventFilters/" + i + "/apiInvokerIds", refused);
            }
            if (party.role() == CapifRole.AEF) {
                others(f.aefIds(), party.id(), "/eventFilters/" + i + "/aefIds", refused);
            }
            if ((party.role() == CapifRole.APF || party.role() == CapifRole.AMF) && f.aefIds() != null) {
                aefsToCheck.addAll(f.aefIds());
            }
        }
        Uni<Void> domainCheck = aefsToCheck.isEmpty()
                ? Uni.createFrom().voidItem()
                : Views.functions(pool, aefsToCheck).map(found -> {
                    for (int i = 0; i < filters.size(); i++) {
                        List<String> aefs = filters.get(i).aefIds();
                        for (int j = 0; aefs != null && j < aefs.size(); j++) {
                            Views.Function f = found.get(aefs.get(j));
                            if (f == null
                                    || !"AEF".equals(f.role())
                                    || !f.domainId().equals(party.domainId())) {
                                refused.add(new InvalidParam(
                                        "/eventFilters/" + i + "/aefIds/" + j,
                                        "not an AEF of the subscriber's domain"));
                            }
                        }
                    }
                    return null;
                });
        return domainCheck.invoke(() -> {
            if (!refused.isEmpty()) {
                throw CapifException.forbiddenWithParams(
                        Causes.EVENT_NOT_ALLOWED,
                        "The subscriber may not subscribe to these events or filter on these parties.",
                        refused);
            }
        });
    }

    private static void others(List<String> ids, String self, String at, List<InvalidParam> refused) {
        for (int j = 0; ids != null && j < ids.size(); j++) {
            if (!ids.get(j).equals(self)) {
                refused.add(new InvalidParam(at + "/" + j, "names another party than the subscriber"));
            }
        }
    }

    static void requireSelf(AuthenticatedPeer peer, String subscriberId) {
        if (!peer.id().equals(subscriberId)) {
            throw CapifException.forbidden(
                    Causes.RESOURCE_NOT_OWNED,
                    "A subscriber may only act on its own subscriptions (" + peer.id() + ").");
        }
    }

    private static CapifException notFound() {
        return CapifException.notFound(Causes.SUBSCRIPTION_NOT_FOUND, "No such event subscription of this subscriber.");
    }
}
