package org.capif.validator.policy;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.capif.common.api.ApiInvokerPolicy;
import org.capif.common.api.TimeRangeList;
import org.capif.common.event.PolicyEvent;
import org.capif.validator.state.Reason;
import org.capif.validator.state.ValidatorState;

/**
 * The invocation policy (TS 29.222 ApiInvokerPolicy) of the invoker for this API at this AEF, enforced at decision
 * time, in order: inside one of the allowed time ranges, if any ({@code POLICY_OUTSIDE_TIME_RANGE}); within the
 * allowed invocations per second ({@code POLICY_RATE_EXCEEDED}); within the allowed total ({@code
 * POLICY_TOTAL_EXCEEDED}). No policy, or an absent limit, means no restriction. Only allowed invocations count.
 */
@ApplicationScoped
public class PolicyEnforcer {

    private final ValidatorState state;
    private final UsageLeases leases;
    private final RateLeases rates;

    public PolicyEnforcer(ValidatorState state, UsageLeases leases, RateLeases rates) {
        this.state = state;
        this.leases = leases;
        this.rates = rates;
    }

    public Uni<Reason> admit(String invokerId, String aefId, String apiName, Instant now) {
        ValidatorState.PolicyState p = state.policy(invokerId, aefId, apiName);
        if (p == null || p.policy() == null) {
            return Uni.createFrom().item(Reason.OK);
        }
        ApiInvokerPolicy policy = p.policy();
        if (!inTimeRange(policy.allowedInvocationTimeRangeList(), now)) {
            return Uni.createFrom().item(Reason.POLICY_OUTSIDE_TIME_RANGE);
        }
        String key = PolicyEvent.key(invokerId, aefId, p.apiId());
        Integer perSecond = policy.allowedInvocationsPerSecond();
        Uni<Boolean> rate = perSecond == null
                ? Uni.createFrom().item(true)
                : rates.tryAcquire(invokerId, aefId, p.apiId(), key, now.getEpochSecond(), perSecond);
        return rate.chain(withinRate -> {
            if (!withinRate) {
                return Uni.createFrom().item(Reason.POLICY_RATE_EXCEEDED);
            }
            Integer total = policy.allowedTotalInvocations();
            if (total == null) {
                return Uni.createFrom().item(Reason.OK);
            }
            return leases.tryAcquire(invokerId, aefId, p.apiId(), key, total)
                    .map(ok -> ok ? Reason.OK : Reason.POLICY_TOTAL_EXCEEDED);
        });
    }

    static boolean inTimeRange(List<TimeRangeList> ranges, Instant now) {
        if (ranges == null || ranges.isEmpty()) {
            return true;
        }
        for (TimeRangeList r : ranges) {
            boolean started =
                    r.startTime() == null || !now.isBefore(r.startTime().toInstant());
            boolean notStopped =
                    r.stopTime() == null || now.isBefore(r.stopTime().toInstant());
            if (started && notStopped) {
                return true;
            }
        }
        return false;
    }
}
