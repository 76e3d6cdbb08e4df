package org.capif.validator.gateway;

import java.util.EnumSet;
import java.util.Set;
import org.capif.common.problem.ProblemDetails;
import org.capif.validator.decision.Decision;
import org.capif.validator.state.Reason;

/**
 * A gateway's answer for one invocation, the same for every protocol (Envoy gRPC, HTTP forward-auth): allowed (200 and
 * the invoker id for the upstream), or refused with the HTTP status the gateway returns to the invoker, its
 * {@code WWW-Authenticate} challenge (RFC 6750 §3) and a ProblemDetails body whose {@code cause} is the validator's
 * reason. Statuses: 401 {@code invalid_token} for everything about the token, its binding and the invoker, 403
 * {@code insufficient_scope} for an API or route the token does not cover, 403 (no challenge) for an invocation policy.
 * Faults of the asking gateway (not its AEF, not ready, misconfigured) are {@link #fault}s.
 */
public record GatewayVerdict(int status, Reason reason, String apiInvokerId, String challenge, ProblemDetails problem) {

    /** Reasons that mean the token does not cover this API or route (403 {@code insufficient_scope}). */
    private static final Set<Reason> SCOPE = EnumSet.of(
            Reason.API_NOT_IN_SCOPE, Reason.API_NOT_SUBSCRIBED, Reason.API_NOT_PUBLISHED, Reason.ROUTE_NOT_PUBLISHED);

    /** Reasons of the invocation policy (403, no challenge: another token would not help). */
    private static final Set<Reason> POLICY =
            EnumSet.of(Reason.POLICY_OUTSIDE_TIME_RANGE, Reason.POLICY_RATE_EXCEEDED, Reason.POLICY_TOTAL_EXCEEDED);

    public boolean allowed() {
        return status == 200;
    }

    /** The verdict for a decision of the pipeline. */
    public static GatewayVerdict of(Decision d) {
        if (d.allowed()) {
            return new GatewayVerdict(200, Reason.OK, d.apiInvokerId(), null, null);
        }
        Reason r = d.reason();
        if (r == Reason.TOKEN_MISSING) {
            return denied(401, r, null, "Bearer", "Unauthorized", "The request carries no bearer access token.");
        }
        if (SCOPE.contains(r)) {
            return denied(
                    403,
                    r,
                    d.apiInvokerId(),
                    "Bearer error=\"insufficient_scope\", error_description=\"" + r.name() + "\"",
                    "Forbidden",
                    "The access token does not permit this API or route.");
        }
        if (POLICY.contains(r)) {
            return denied(
                    403,
                    r,
                    d.apiInvokerId(),
                    null,
                    "Forbidden",
                    "The access control policy of this API refuses the invocation now.");
        }
        return denied(
                401,
                r,
                d.apiInvokerId(),
                "Bearer error=\"invalid_token\", error_description=\"" + r.name() + "\"",
                "Unauthorized",
                "The access token is not valid for this invocation.");
    }

    /** A refusal of the gateway's own request (not the invoker's): its status and cause. */
    public static GatewayVerdict fault(int status, String title, String cause, String detail) {
        return new GatewayVerdict(status, null, null, null, ProblemDetails.of(status, title, cause, detail, null));
    }

    private static GatewayVerdict denied(
            int status, Reason reason, String invokerId, String challenge, String title, String detail) {
        return new GatewayVerdict(
                status, reason, invokerId, challenge, ProblemDetails.of(status, title, reason.name(), detail, null));
    }
}
