package org.capif.validator.decision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.capif.common.jose.AccessTokenClaims;
import org.capif.validator.ValidatorConfig;
import org.capif.validator.check.AudienceCheck;
import org.capif.validator.check.BindingCheck;
import org.capif.validator.check.Invocation;
import org.capif.validator.check.InvocationCheck;
import org.capif.validator.check.InvokerCheck;
import org.capif.validator.check.IssuerCheck;
import org.capif.validator.check.PublishedRoutes;
import org.capif.validator.check.RevocationCheck;
import org.capif.validator.check.RouteCheck;
import org.capif.validator.check.ScopeCheck;
import org.capif.validator.check.SubscriptionCheck;
import org.capif.validator.check.TimeCheck;
import org.capif.validator.check.TokenVerifier;
import org.capif.validator.log.DecisionLogs;
import org.capif.validator.policy.PolicyEnforcer;
import org.capif.validator.state.Reason;
import org.capif.validator.state.ValidatorState;

/**
 * Access control for API invocations (TS 23.222 AR-4.3.2-e and -g): the one pipeline behind every way an AEF can ask,
 * so that none of them is a way around a check or an invocation policy. Checks run in the order of {@link Reason},
 * first failure wins, fail closed:
 *
 * <ol>
 *   <li>per token: verification ({@link TokenVerifier}), lifetime, issuer, audience;
 *   <li>per API: scope, certificate binding (decisions only: introspection returns {@code cnf} for the AEF to compare,
 *       RFC 7662 §2.2), invoker status and certificate, a subscription usable now (the API published and active at
 *       the AEF, {@link SubscriptionCheck}), the route when the caller names one ({@link RouteCheck}), revocation, and
 *       the invocation policy, which counts the invocation if it admits it.
 * </ol>
 *
 * Gateways (Envoy, Istio, NGINX and the like, docs/gateways.md) ask through {@link #decide(String, String, ApiCall,
 * String)}, with the route and possibly an API id instead of a name.
 *
 * {@link #decide} runs them for the one API invoked. {@link #introspect} runs them for each API of the calling AEF in
 * the token's scope (or only the one the AEF names), so each API it reports active is counted as one invocation against
 * its policy, and an API whose checks or policy refuse is left out; none left means inactive (docs/decisions.md D18).
 * {@link #authenticate} (AEF_Security_API check-authentication, no token) applies the invoker checks only.
 *
 * Every decision and introspection for an AEF whose invocation logs the operator turned on is also handed to
 * {@link DecisionLogs} (one set lookup for the others), which never makes it wait.
 */
@ApplicationScoped
public class DecisionPipeline {

    /**
     * An introspection's outcome: the verified claims (null if the token did not verify), the (AEF, API) pairs reported
     * active (inactive if none), and why not ({@code OK} when active; else the first refusal met).
     */
    public record Introspection(AccessTokenClaims claims, List<Map.Entry<String, String>> activeScope, Reason reason) {

        static Introspection inactive(AccessTokenClaims claims, Reason reason) {
            return new Introspection(claims, List.of(), reason);
        }

        public boolean active() {
            return !activeScope.isEmpty();
        }
    }

    private final TokenVerifier verifier;
    private final PolicyEnforcer policy;
    private final InvokerCheck invokerCheck;
    private final ValidatorState state;
    private final Clock clock;
    private final List<InvocationCheck> tokenChecks;
    private final List<InvocationCheck> decisionChecks;
    private final List<InvocationCheck> introspectionChecks;
    private final Map<Reason, Counter> outcomes = new EnumMap<>(Reason.class);
    private final DecisionLogs logs;

    public DecisionPipeline(
            TokenVerifier verifier,
            PolicyEnforcer policy,
            ValidatorState state,
            ValidatorConfig config,
            Clock clock,
            MeterRegistry registry,
            DecisionLogs logs) {
        this.verifier = verifier;
        this.logs = logs;
        this.policy = policy;
        this.clock = clock;
        this.state = state;
        this.invokerCheck = new InvokerCheck(state);
        this.tokenChecks = List.of(
                new TimeCheck(config.token().maxLifetime()),
                new IssuerCheck(config.token().issuer()),
                new AudienceCheck());
        RevocationCheck revocation = new RevocationCheck(state);
        SubscriptionCheck subscription = new SubscriptionCheck(state);
        this.decisionChecks = List.of(
                new ScopeCheck(), new BindingCheck(), invokerCheck, subscription, new RouteCheck(state), revocation);
        this.introspectionChecks = List.of(new ScopeCheck(), invokerCheck, subscription, revocation);
        for (Reason r : Reason.values()) {
            outcomes.put(r, registry.counter("capif.validator.decisions", "reason", r.name()));
        }
    }

    /** {@code POST /token-validator/v1/decisions}: may this token invoke {@code apiName} at the calling AEF now? */
    public Uni<Decision> decide(String aefId, String token, String apiName, String presentedThumbprint) {
        return decide(aefId, token, ApiCall.named(apiName), presentedThumbprint);
    }

    /**
     * May this token invoke the API (by name, id, or found from the route) at the calling AEF now, on this route if one
     * is named? No token is {@code TOKEN_MISSING}; right after the per-token checks (there is no name to check the
     * scope against), an API id that is not published and active at the AEF is {@code API_NOT_PUBLISHED}, and a route
     * that no API (or more than one) published at the AEF has is {@code ROUTE_NOT_PUBLISHED}.
     */
    public Uni<Decision> decide(String aefId, String token, ApiCall call, String presentedThumbprint) {
        Instant now = clock.instant();
        if (token == null) {
            return Uni.createFrom().item(record(aefId, call.apiName(), Decision.deny(Reason.TOKEN_MISSING, null)));
        }
        return verifier.verify(token).chain(v -> {
            if (v.reason() != Reason.OK) {
                return Uni.createFrom().item(record(aefId, call.apiName(), Decision.deny(v.reason(), null)));
            }
            String apiName = apiName(aefId, call);
            String logged = apiName != null ? apiName : call.apiName();
            Invocation invocation =
                    new Invocation(v.claims(), aefId, apiName, presentedThumbprint, now, call.method(), call.path());
            Reason failed = first(tokenChecks, invocation);
            if (failed == null && apiName == null) {
                failed = call.apiName() == null && call.apiId() == null
                        ? Reason.ROUTE_NOT_PUBLISHED
                        : Reason.API_NOT_PUBLISHED;
            }
            if (failed == null) {
                failed = first(decisionChecks, invocation);
            }
            if (failed != null) {
                return Uni.createFrom()
                        .item(record(
                                aefId, logged, Decision.deny(failed, v.claims().sub())));
            }
            return policy.admit(v.claims().sub(), aefId, apiName, now)
                    .map(reason -> record(
                            aefId,
                            logged,
                            reason == Reason.OK
                                    ? new Decision(
                                            true,
                                            Reason.OK,
                                            v.claims().sub(),
                                            Math.max(0, v.claims().exp() - now.getEpochSecond()))
                                    : Decision.deny(reason, v.claims().sub())));
        });
    }

    /**
     * RFC 7662 introspection by the calling AEF: the token's APIs at that AEF (only {@code apiName} if not null) that
     * pass every check and the policy, each counted as one invocation.
     */
    public Uni<Introspection> introspect(String aefId, String token, String apiName) {
        return introspectOnly(aefId, token, apiName)
                .invoke(result -> logs.record(
                        aefId,
                        apiName,
                        result.active(),
                        result.reason(),
                        result.claims() == null ? null : result.claims().sub()));
    }

    private Uni<Introspection> introspectOnly(String aefId, String token, String apiName) {
        Instant now = clock.instant();
        return verifier.verify(token).chain(v -> {
            if (v.reason() != Reason.OK) {
                return Uni.createFrom().item(Introspection.inactive(null, v.reason()));
            }
            AccessTokenClaims claims = v.claims();
            Reason tokenFailed = first(tokenChecks, new Invocation(claims, aefId, apiName, null, now));
            if (tokenFailed != null) {
                return Uni.createFrom().item(Introspection.inactive(claims, tokenFailed));
            }
            // the first refusal met, reported when no API is left (none in scope at this AEF: API_NOT_IN_SCOPE)
            Reason[] refused = {null};
            List<Map.Entry<String, String>> candidates = claims.scope().pairs().stream()
                    .filter(p -> p.getKey().equals(aefId))
                    .filter(p -> apiName == null || p.getValue().equals(apiName))
                    .filter(p -> {
                        Reason failed =
                                first(introspectionChecks, new Invocation(claims, aefId, p.getValue(), null, now));
                        if (failed != null && refused[0] == null) {
                            refused[0] = failed;
                        }
                        return failed == null;
                    })
                    .toList();
            return Multi.createFrom()
                    .iterable(candidates)
                    .onItem()
                    .transformToUniAndConcatenate(p -> policy.admit(claims.sub(), aefId, p.getValue(), now)
                            .map(reason -> {
                                if (reason == Reason.OK) {
                                    return Optional.of(p);
                                }
                                if (refused[0] == null) {
                                    refused[0] = reason;
                                }
                                return Optional.<Map.Entry<String, String>>empty();
                            }))
                    .filter(Optional::isPresent)
                    .map(Optional::get)
                    .collect()
                    .asList()
                    .map(active -> active.isEmpty()
                            ? Introspection.inactive(claims, refused[0] == null ? Reason.API_NOT_IN_SCOPE : refused[0])
                            : new Introspection(claims, active, Reason.OK));
        });
    }

    /**
     * AEF_Security_API check-authentication: the invoker is known, active and subscribed to an API of the calling AEF
     * (null), else why not. The caller answers every refusal alike, so an AEF learns nothing of invokers unrelated to
     * it, not even whether they exist.
     */
    public Reason authenticate(String aefId, String apiInvokerId) {
        return invokerCheck.relatedTo(apiInvokerId, aefId);
    }

    /**
     * The API's name: as given; or that of the API id published and active at the AEF (null if none, or they differ);
     * or, when the caller names neither, that of the one API published at the AEF with this route (null if none or
     * several).
     */
    private String apiName(String aefId, ApiCall call) {
        if (call.apiId() == null && call.apiName() == null) {
            return call.method() == null ? null : apiByRoute(aefId, call.method(), call.path());
        }
        if (call.apiId() == null) {
            return call.apiName();
        }
        if (state.publishedApis().profile(call.apiId(), aefId).isEmpty()) {
            return null;
        }
        String published = state.publishedApis()
                .api(call.apiId())
                .map(e -> e.description().apiName())
                .orElse(null);
        return call.apiName() == null || call.apiName().equals(published) ? published : null;
    }

    private String apiByRoute(String aefId, String method, String path) {
        String found = null;
        for (var api : state.publishedApis().publishedAt(aefId)) {
            var profile = api.description().activeProfile(aefId);
            if (profile.isPresent() && PublishedRoutes.allows(api, profile.get(), method, path)) {
                if (found != null) {
                    return null; // two APIs claim the route: ambiguous, refuse
                }
                found = api.description().apiName();
            }
        }
        return found;
    }

    private static Reason first(List<InvocationCheck> checks, Invocation invocation) {
        for (InvocationCheck check : checks) {
            Reason failed = check.check(invocation);
            if (failed != null) {
                return failed;
            }
        }
        return null;
    }

    private Decision record(String aefId, String apiName, Decision d) {
        outcomes.get(d.reason()).increment();
        logs.record(aefId, apiName, d.allowed(), d.reason(), d.apiInvokerId());
        return d;
    }
}
