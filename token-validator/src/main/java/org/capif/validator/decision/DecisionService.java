package org.capif.validator.decision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.capif.validator.ValidatorConfig;
import org.capif.validator.check.AudienceCheck;
import org.capif.validator.check.BindingCheck;
import org.capif.validator.check.Invocation;
import org.capif.validator.check.InvocationCheck;
import org.capif.validator.check.InvokerCheck;
import org.capif.validator.check.IssuerCheck;
import org.capif.validator.check.RevocationCheck;
import org.capif.validator.check.ScopeCheck;
import org.capif.validator.check.TimeCheck;
import org.capif.validator.check.TokenVerifier;
import org.capif.validator.policy.PolicyEnforcer;
import org.capif.validator.state.Reason;
import org.capif.validator.state.ValidatorState;

/**
 * Access control for one API invocation (TS 23.222 AR-4.3.2-e and -g): every check of the pipeline, in the order of
 * {@link Reason}, first failure wins, fail closed. Token verification ({@link TokenVerifier}), then lifetime, issuer,
 * audience, scope, certificate binding, invoker status, revocation, and the invocation policy.
 */
@ApplicationScoped
public class DecisionService {

    private final TokenVerifier verifier;
    private final PolicyEnforcer policy;
    private final Clock clock;
    private final List<InvocationCheck> checks;
    private final Map<Reason, Counter> outcomes = new EnumMap<>(Reason.class);

    public DecisionService(
            TokenVerifier verifier,
            PolicyEnforcer policy,
            ValidatorState state,
            ValidatorConfig config,
            Clock clock,
            MeterRegistry registry) {
        this.verifier = verifier;
        this.policy = policy;
        this.clock = clock;
        this.checks = List.of(
                new TimeCheck(config.token().maxLifetime()),
                new IssuerCheck(config.token().issuer()),
                new AudienceCheck(),
                new ScopeCheck(),
                new BindingCheck(),
                new InvokerCheck(state),
                new RevocationCheck(state));
        for (Reason r : Reason.values()) {
            outcomes.put(r, registry.counter("capif.validator.decisions", "reason", r.name()));
        }
    }

    public Uni<Decision> decide(String aefId, String token, String apiName, String presentedThumbprint) {
        Instant now = clock.instant();
        return verifier.verify(token).chain(v -> {
            if (v.reason() != Reason.OK) {
                return done(Decision.deny(v.reason(), null));
            }
            Invocation invocation = new Invocation(v.claims(), aefId, apiName, presentedThumbprint, now);
            for (InvocationCheck check : checks) {
                Reason failed = check.check(invocation);
                if (failed != null) {
                    return done(Decision.deny(failed, v.claims().sub()));
                }
            }
            return policy.admit(v.claims().sub(), aefId, apiName, now)
                    .map(reason -> record(
                            reason == Reason.OK
                                    ? new Decision(
                                            true,
                                            Reason.OK,
                                            v.claims().sub(),
                                            Math.max(0, v.claims().exp() - now.getEpochSecond()))
                                    : Decision.deny(reason, v.claims().sub())));
        });
    }

    private Uni<Decision> done(Decision d) {
        return Uni.createFrom().item(record(d));
    }

    private Decision record(Decision d) {
        outcomes.get(d.reason()).increment();
        return d;
    }
}
