package org.capif.authz.policy;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.capif.authz.invoker.InvokerView;
import org.capif.authz.state.AuthorizationState;
import org.capif.common.api.ApiInvokerPolicy;
import org.capif.common.api.TimeRangeList;
import org.capif.common.config.CommonConfig;
import org.capif.common.event.EventCodec;
import org.capif.common.event.PolicyEvent;
import org.capif.common.event.SubscribedApi;
import org.capif.common.outbox.Outbox;
import org.capif.common.outbox.OutboxRecord;
import org.capif.common.outbox.OutboxRelay;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;

/**
 * Access control policies (TS 29.222 §5.7): set and removed by the operator, read by AEFs, enforced by the token
 * validator on every invocation. Each change writes its {@link PolicyEvent} to the outbox in the same transaction.
 */
@ApplicationScoped
public class PolicyService {

    private final AuthorizationState state;
    private final OutboxRelay relay;
    private final Clock clock;
    private final String topic;

    public PolicyService(AuthorizationState state, OutboxRelay relay, Clock clock, CommonConfig config) {
        this.state = state;
        this.relay = relay;
        this.clock = clock;
        this.topic = config.topics().policyEvents();
    }

    /** Sets (policy non-null) or removes (null) the policy of an invoker for an API it is subscribed to. */
    public Uni<ApiInvokerPolicy> set(String aefId, String apiId, String apiInvokerId, ApiInvokerPolicy policy) {
        ApiInvokerPolicy normalised = policy == null ? null : validate(policy, apiInvokerId);
        return state.reload(apiInvokerId)
                .map(v -> subscribed(apiInvokerId, aefId, apiId))
                .chain(api -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                        // the row exists before it is locked (version 0: never set), so two first PUTs for the same
                        // key serialise on the lock instead of both inserting
                        .createNativeQuery(
                                """
                                insert into access_control_policy
                                    (api_invoker_id, aef_id, api_id, api_name, policy, version, updated_at)
                                values (:inv, :aef, :api, :name, null, 0, now())
                                on conflict do nothing""")
                        .setParameter("inv", apiInvokerId)
                        .setParameter("aef", aefId)
                        .setParameter("api", apiId)
                        .setParameter("name", api.apiName())
                        .executeUpdate()
                        .chain(() -> session.find(
                                AccessControlPolicy.class,
                                new AccessControlPolicy.Key(apiInvokerId, aefId, apiId),
                                jakarta.persistence.LockModeType.PESSIMISTIC_WRITE))
                        .chain(row -> {
                            if (row.version == 0 && normalised == null) {
                                throw CapifException.notFound(
                                        Causes.RESOURCE_NOT_FOUND, "No policy is set for this invoker and API.");
                            }
                            row.apiName = api.apiName();
                            row.policy = normalised == null ? null : EventCodec.encode(normalised);
                            row.version++;
                            row.updatedAt = clock.instant();
                            return Outbox.append(session, event(row, normalised));
                        }))))
                .invoke(relay::wakeUp)
                .replaceWith(normalised);
    }

    /** The policies for an API at an AEF, optionally of one invoker (TS 29.222 Access Control Policy API). */
    public Uni<List<ApiInvokerPolicy>> list(String aefId, String apiId, String apiInvokerId) {
        String query = "from AccessControlPolicy p where p.aefId = :aef and p.apiId = :api and p.policy is not null"
                + (apiInvokerId == null ? "" : " and p.apiInvokerId = :inv")
                + " order by p.apiInvokerId";
        return Panache.withSession(() -> Panache.getSession().chain(session -> {
                    var q = session.createQuery(query, AccessControlPolicy.class)
                            .setParameter("aef", aefId)
                            .setParameter("api", apiId);
                    if (apiInvokerId != null) {
                        q.setParameter("inv", apiInvokerId);
                    }
                    return q.getResultList();
                }))
                .map(rows -> rows.stream()
                        .map(r -> EventCodec.decode(r.policy, ApiInvokerPolicy.class))
                        .toList());
    }

    private SubscribedApi subscribed(String apiInvokerId, String aefId, String apiId) {
        return state.invoker(apiInvokerId)
                .filter(InvokerView::active)
                .flatMap(v -> v.api(aefId, apiId))
                .orElseThrow(() -> CapifException.notFound(
                        Causes.API_NOT_SUBSCRIBED,
                        "API invoker " + apiInvokerId + " is not onboarded with a subscription to " + apiId + " at "
                                + aefId + "."));
    }

    private OutboxRecord event(AccessControlPolicy row, ApiInvokerPolicy policy) {
        PolicyEvent event = new PolicyEvent(
                UUID.randomUUID(),
                PolicyEvent.SCHEMA_VERSION,
                clock.instant(),
                row.apiInvokerId,
                row.aefId,
                row.apiId,
                row.apiName,
                row.version,
                policy);
        return new OutboxRecord(
                topic,
                PolicyEvent.key(row.apiInvokerId, row.aefId, row.apiId),
                event.eventId(),
                policy == null ? "ACCESS_CONTROL_POLICY_UNAVAILABLE" : "ACCESS_CONTROL_POLICY_UPDATE",
                EventCodec.encode(event));
    }

    static ApiInvokerPolicy validate(ApiInvokerPolicy p, String apiInvokerId) {
        List<InvalidParam> bad = new ArrayList<>();
        if (p.apiInvokerId() != null && !p.apiInvokerId().equals(apiInvokerId)) {
            bad.add(new InvalidParam("/apiInvokerId", "does not match the invoker in the URI"));
        }
        if (p.allowedTotalInvocations() != null && p.allowedTotalInvocations() < 0) {
            bad.add(new InvalidParam("/allowedTotalInvocations", "must not be negative"));
        }
        if (p.allowedInvocationsPerSecond() != null && p.allowedInvocationsPerSecond() < 0) {
            bad.add(new InvalidParam("/allowedInvocationsPerSecond", "must not be negative"));
        }
        List<TimeRangeList> ranges = p.allowedInvocationTimeRangeList();
        if (ranges != null) {
            for (int i = 0; i < ranges.size(); i++) {
                TimeRangeList r = ranges.get(i);
                if (r == null
                        || (r.startTime() != null
                                && r.stopTime() != null
                                && !r.startTime().isBefore(r.stopTime()))) {
                    bad.add(new InvalidParam(
                            "/allowedInvocationTimeRangeList/" + i, "startTime must precede stopTime"));
                }
            }
        }
        if (!bad.isEmpty()) {
            throw CapifException.badRequest(Causes.MANDATORY_IE_INCORRECT, "The policy has invalid values.", bad);
        }
        return new ApiInvokerPolicy(
                apiInvokerId,
                p.allowedTotalInvocations(),
                p.allowedInvocationsPerSecond(),
                ranges == null ? null : List.copyOf(ranges));
    }
}
