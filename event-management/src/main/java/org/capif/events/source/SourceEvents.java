package org.capif.events.source;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.capif.common.api.ApiInvokerPolicy;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.event.InvokerEvent;
import org.capif.common.event.InvokerStatus;
import org.capif.common.event.PolicyEvent;
import org.capif.common.event.ProviderEvent;
import org.capif.common.event.RevokedApi;
import org.capif.common.event.SecurityEvent;
import org.capif.common.event.SecurityEventType;
import org.capif.common.event.ServiceApiEvent;
import org.capif.common.event.ServiceApiEventType;
import org.capif.common.event.ServiceApiStatus;
import org.capif.common.event.SubscribedApi;
import org.capif.events.delivery.Deliverer;
import org.capif.events.notification.AccessControlPolicyListExt;
import org.capif.events.notification.CAPIFEventDetail;
import org.capif.events.notification.Concerned;
import org.capif.events.notification.FanOut;
import org.capif.events.notification.Occurrence;
import org.capif.events.notification.SecurityNotification;
import org.capif.events.subscription.CapifEventType;
import org.capif.events.view.Views;

/**
 * Turns the facts on the other services' topics into CAPIF events (TS 29.222 §8.3): each record is applied to the
 * views in one transaction that also enqueues the notifications it causes, and only if it is newer than what the view
 * holds, so a record consumed again (a replica crashed before committing its offset, a replay) notifies nobody twice.
 *
 * <ul>
 *   <li>invoker events: {@code API_INVOKER_ONBOARDED}, {@code _UPDATED}, {@code _OFFBOARDED}; an offboarded
 *       invoker's own subscriptions end once drained;
 *   <li>service API events: {@code SERVICE_API_AVAILABLE}, {@code _UPDATE}, {@code _UNAVAILABLE};
 *   <li>security events that revoke: {@code API_INVOKER_AUTHORIZATION_REVOKED}, and the TS 29.222
 *       {@code SecurityNotification} to the invoker's security context destination;
 *   <li>policy events: {@code ACCESS_CONTROL_POLICY_UPDATE}, or {@code _UNAVAILABLE} when the policy is removed;
 *   <li>provider events: no CAPIF event, but the subscriptions of removed functions end.
 * </ul>
 */
@ApplicationScoped
public class SourceEvents {

    private final Pool pool;
    private final FanOut fanOut;
    private final Deliverer deliverer;

    public SourceEvents(Pool pool, FanOut fanOut, Deliverer deliverer) {
        this.pool = pool;
        this.fanOut = fanOut;
        this.deliverer = deliverer;
    }

    public Uni<Boolean> invoker(InvokerEvent e) {
        return changed(pool.withTransaction(tx -> Views.lockInvoker(tx, e.apiInvokerId())
                .chain(old -> Views.apply(tx, e).chain(applied -> {
                    if (!applied) {
                        return Uni.createFrom().item(false);
                    }
                    List<SubscribedApi> apis = new ArrayList<>(e.apis());
                    old.ifPresent(o -> apis.addAll(o.apis()));
                    Set<String> apiIds = new LinkedHashSet<>();
                    Set<String> aefs = new LinkedHashSet<>();
                    apis.forEach(a -> {
                        apiIds.add(a.apiId());
                        aefs.add(a.aefId());
                    });
                    return owners(tx, apiIds, aefs)
                            .chain(owners -> fanOut.enqueue(
                                    tx,
                                    List.of(Occurrence.of(
                                            Occurrence.id(e.eventId(), 0),
                                            CapifEventType.valueOf(e.type().name()),
                                            new Concerned(
                                                    Set.of(e.apiInvokerId()),
                                                    aefs,
                                                    owners.apfs(),
                                                    owners.domains(),
                                                    apiIds,
                                                    false),
                                            CAPIFEventDetail.ofInvokers(List.of(e.apiInvokerId()))))))
                            .chain(n -> e.status() == InvokerStatus.OFFBOARDED
                                    ? endSubscriptionsOf(tx, List.of(e.apiInvokerId()))
                                    : Uni.createFrom().voidItem())
                            .replaceWith(true);
                }))));
    }

    public Uni<Boolean> provider(ProviderEvent e) {
        return pool.withTransaction(tx -> Views.apply(tx, e).chain(removed -> {
            if (removed.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            return removed.get().isEmpty()
                    ? Uni.createFrom().item(true)
                    : endSubscriptionsOf(tx, removed.get()).replaceWith(true);
        }));
    }

    public Uni<Boolean> serviceApi(ServiceApiEvent e) {
        return changed(pool.withTransaction(tx -> Views.lockApi(tx, e.apiId())
                .chain(old -> Views.apply(tx, e).chain(applied -> {
                    if (!applied) {
                        return Uni.createFrom().item(false);
                    }
                    Set<String> aefs = new LinkedHashSet<>(Views.aefIds(e.description()));
                    old.ifPresent(o -> aefs.addAll(Views.aefIds(o.description())));
                    boolean wasDiscoverable = old.map(o -> "PUBLISHED".equals(o.status())
                                    && o.description().forInvokers() != null)
                            .orElse(false);
                    ServiceAPIDescription forInvokers = e.status() == ServiceApiStatus.PUBLISHED
                            ? e.description().forInvokers()
                            : null;
                    boolean unavailable = e.type() == ServiceApiEventType.SERVICE_API_UNAVAILABLE;
                    CAPIFEventDetail detail = unavailable
                            ? CAPIFEventDetail.ofApiIds(List.of(e.apiId()))
                            : new CAPIFEventDetail(
                                    List.of(e.description().withApiId(e.apiId())),
                                    List.of(e.apiId()),
                                    null,
                                    null,
                                    null);
                    CAPIFEventDetail invokerDetail = unavailable || forInvokers == null
                            ? CAPIFEventDetail.ofApiIds(List.of(e.apiId()))
                            : new CAPIFEventDetail(List.of(forInvokers), List.of(e.apiId()), null, null, null);
                    Occurrence o = new Occurrence(
                            Occurrence.id(e.eventId(), 0),
                            CapifEventType.valueOf(e.type().name()),
                            new Concerned(
                                    Set.of(),
                                    aefs,
                                    Set.of(e.apfId()),
                                    Set.of(e.apiProvDomId()),
                                    Set.of(e.apiId()),
                                    wasDiscoverable || forInvokers != null),
                            detail,
                            invokerDetail);
                    return fanOut.enqueue(tx, List.of(o)).replaceWith(true);
                }))));
    }

    public Uni<Boolean> security(SecurityEvent e) {
        return changed(pool.withTransaction(tx -> Views.applied(tx, "security", e.apiInvokerId(), e.sequence())
                .chain(applied -> {
                    if (!applied) {
                        return Uni.createFrom().item(false);
                    }
                    List<RevokedApi> revoked = e.revoked() == null ? List.of() : e.revoked();
                    if (e.type() != SecurityEventType.API_INVOKER_AUTHORIZATION_REVOKED || revoked.isEmpty()) {
                        return e.notificationDestination() == null
                                ? Uni.createFrom().item(true)
                                : tx.preparedQuery("update subscription set notification_destination = $2,"
                                                + " updated_at = now() where subscription_id = $1")
                                        .execute(Tuple.of(
                                                FanOut.SECURITY_PREFIX + e.apiInvokerId(), e.notificationDestination()))
                                        .replaceWith(true);
                    }
                    return revoked(tx, e, revoked).replaceWith(true);
                })));
    }

    private Uni<Void> revoked(SqlConnection tx, SecurityEvent e, List<RevokedApi> revoked) {
        Map<String, List<RevokedApi>> byAef = new LinkedHashMap<>();
        revoked.forEach(
                r -> byAef.computeIfAbsent(r.aefId(), k -> new ArrayList<>()).add(r));
        Set<String> apiIds = new LinkedHashSet<>();
        revoked.forEach(r -> apiIds.add(r.apiId()));
        return owners(tx, apiIds, byAef.keySet()).chain(owners -> {
            List<Occurrence> occurrences = new ArrayList<>();
            List<SecurityNotification> notifications = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, List<RevokedApi>> at : byAef.entrySet()) {
                List<String> ids =
                        at.getValue().stream().map(RevokedApi::apiId).distinct().toList();
                Owners own = owners.of(ids, at.getKey());
                occurrences.add(Occurrence.of(
                        Occurrence.id(e.eventId(), i++),
                        CapifEventType.API_INVOKER_AUTHORIZATION_REVOKED,
                        new Concerned(
                                Set.of(e.apiInvokerId()),
                                Set.of(at.getKey()),
                                own.apfs(),
                                own.domains(),
                                Set.copyOf(ids),
                                false),
                        new CAPIFEventDetail(null, ids, List.of(e.apiInvokerId()), null, null)));
                Map<String, List<String>> byCause = new LinkedHashMap<>();
                at.getValue().forEach(r -> byCause.computeIfAbsent(
                                r.cause() == null ? "UNEXPECTED_REASON" : r.cause(), k -> new ArrayList<>())
                        .add(r.apiId()));
                byCause.forEach((cause, apis) -> notifications.add(new SecurityNotification(
                        e.apiInvokerId(), at.getKey(), apis.stream().distinct().toList(), cause)));
            }
            Uni<Integer> events = fanOut.enqueue(tx, occurrences);
            return e.notificationDestination() == null
                    ? events.replaceWithVoid()
                    : events.chain(n -> fanOut.enqueueSecurity(
                                    tx, e.apiInvokerId(), e.notificationDestination(), e.eventId(), notifications))
                            .replaceWithVoid();
        });
    }

    public Uni<Boolean> policy(PolicyEvent e) {
        String key = PolicyEvent.key(e.apiInvokerId(), e.aefId(), e.apiId());
        return changed(pool.withTransaction(
                tx -> Views.applied(tx, "policy", key, e.sequence()).chain(applied -> {
                    if (!applied) {
                        return Uni.createFrom().item(false);
                    }
                    return owners(tx, Set.of(e.apiId()), Set.of(e.aefId())).chain(owners -> {
                        Concerned concerned = new Concerned(
                                Set.of(e.apiInvokerId()),
                                Set.of(e.aefId()),
                                owners.apfs(),
                                owners.domains(),
                                Set.of(e.apiId()),
                                false);
                        Occurrence o = e.policy() == null
                                ? Occurrence.of(
                                        Occurrence.id(e.eventId(), 0),
                                        CapifEventType.ACCESS_CONTROL_POLICY_UNAVAILABLE,
                                        concerned,
                                        new CAPIFEventDetail(
                                                null, List.of(e.apiId()), List.of(e.apiInvokerId()), null, null))
                                : Occurrence.of(
                                        Occurrence.id(e.eventId(), 0),
                                        CapifEventType.ACCESS_CONTROL_POLICY_UPDATE,
                                        concerned,
                                        new CAPIFEventDetail(
                                                null,
                                                null,
                                                null,
                                                new AccessControlPolicyListExt(
                                                        e.apiId(), List.of(withInvoker(e.policy(), e.apiInvokerId()))),
                                                null));
                        return fanOut.enqueue(tx, List.of(o)).replaceWith(true);
                    });
                })));
    }

    /** Who owns these APIs (APFs, domains) and in which domains these AEFs are. */
    public record Owners(
            Map<String, Views.Api> apis, Map<String, Views.Function> functions, Set<String> apfs, Set<String> domains) {

        /** The owners of a subset. */
        public Owners of(Collection<String> apiIds, String aefId) {
            Set<String> a = new LinkedHashSet<>();
            Set<String> d = new LinkedHashSet<>();
            for (String id : apiIds) {
                Optional.ofNullable(apis.get(id)).ifPresent(api -> {
                    a.add(api.apfId());
                    d.add(api.domainId());
                });
            }
            Optional.ofNullable(functions.get(aefId)).ifPresent(f -> d.add(f.domainId()));
            return new Owners(apis, functions, a, d);
        }
    }

    /** The APFs and domains that own the APIs, and the domains of the AEFs, as the views know them now. */
    public static Uni<Owners> owners(SqlConnection tx, Collection<String> apiIds, Collection<String> aefIds) {
        return Views.apis(tx, apiIds).chain(apis -> Views.functions(tx, aefIds).map(functions -> {
            Set<String> apfs = new LinkedHashSet<>();
            Set<String> domains = new LinkedHashSet<>();
            apis.values().forEach(a -> {
                apfs.add(a.apfId());
                domains.add(a.domainId());
            });
            functions.values().forEach(f -> domains.add(f.domainId()));
            return new Owners(apis, functions, apfs, domains);
        }));
    }

    /** The subscriptions of these subscribers end: nothing more is enqueued, and they go once drained. */
    private static Uni<Void> endSubscriptionsOf(SqlConnection tx, List<String> subscriberIds) {
        return tx.preparedQuery("update subscription set expires_at = now(), updated_at = now() where subscriber_id ="
                        + " any($1) and (expires_at is null or expires_at > now())")
                .execute(Tuple.of(subscriberIds.toArray(String[]::new)))
                .replaceWithVoid();
    }

    private static ApiInvokerPolicy withInvoker(ApiInvokerPolicy p, String apiInvokerId) {
        return p.apiInvokerId() != null
                ? p
                : new ApiInvokerPolicy(
                        apiInvokerId,
                        p.allowedTotalInvocations(),
                        p.allowedInvocationsPerSecond(),
                        p.allowedInvocationTimeRangeList());
    }

    private Uni<Boolean> changed(Uni<Boolean> transaction) {
        return transaction.invoke(applied -> {
            if (applied) {
                deliverer.wakeUp();
            }
        });
    }
}
