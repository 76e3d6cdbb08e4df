package org.capif.validator.gateway;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.capif.common.cert.CapifRole;
import org.capif.common.problem.Causes;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.validator.decision.ApiCall;
import org.capif.validator.decision.DecisionPipeline;
import org.capif.validator.state.ValidatorReadiness;
import org.capif.validator.state.ValidatorState;
import org.eclipse.microprofile.health.Readiness;

/**
 * External authorization for the gateway in front of an AEF (docs/gateways.md), for every protocol: checks who asks,
 * then runs the one {@link DecisionPipeline} (every check, revocation, binding and invocation policy) with the route.
 * In order, failing closed:
 *
 * <ol>
 *   <li>the caller presented a CAPIF certificate of role AEF (an invoker, APF, AMF, operator or service certificate is
 *       403 {@code ROLE_NOT_ALLOWED}) that is the current certificate of a registered AEF (else 401
 *       {@code CLIENT_CERTIFICATE_INVALID}): the gateway holds its AEF's certificate, so only it can forward an
 *       invoker's certificate and be believed;
 *   <li>the AEF the route names, if any, is the caller's own (else 403 {@code RESOURCE_NOT_OWNED});
 *   <li>the validator has read its state (else 503, which the gateway must treat as a refusal);
 *   <li>the original method and path are given (else 400 {@code MANDATORY_IE_MISSING}: a misconfigured gateway), the
 *       method an HTTP method token of RFC 9110 §9.1 of at most {@value #MAX_METHOD} characters (else 400
 *       {@code MANDATORY_IE_INCORRECT});
 *   <li>the decision (the API named by the route, by name or id, or else the one API published at the AEF with that
 *       route): token, scope, binding to the forwarded certificate, invoker, publication, route, revocation,
 *       policy.
 * </ol>
 */
@ApplicationScoped
public class GatewayAuthorizer {

    /** The longest original method accepted (the longest registered HTTP method has 17 characters). */
    static final int MAX_METHOD = 32;

    /** RFC 9110 §5.6.2 {@code token}: what an HTTP method is. */
    private static final java.util.regex.Pattern METHOD =
            java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1," + MAX_METHOD + "}");

    private final DecisionPipeline pipeline;
    private final ValidatorState state;
    private final ValidatorReadiness readiness;

    public GatewayAuthorizer(DecisionPipeline pipeline, ValidatorState state, @Readiness ValidatorReadiness readiness) {
        this.pipeline = pipeline;
        this.state = state;
        this.readiness = readiness;
    }

    /** The verdict for a request forwarded by {@code caller} (null: no client certificate). */
    public Uni<GatewayVerdict> authorize(AuthenticatedPeer caller, GatewayRequest request) {
        GatewayVerdict refused = refuseCaller(caller, request);
        if (refused != null) {
            return Uni.createFrom().item(refused);
        }
        return pipeline.decide(
                        caller.id(),
                        request.bearerToken(),
                        new ApiCall(request.apiName(), request.apiId(), request.method(), request.path()),
                        request.certificateThumbprint())
                .map(GatewayVerdict::of);
    }

    private GatewayVerdict refuseCaller(AuthenticatedPeer caller, GatewayRequest request) {
        if (caller == null) {
            return GatewayVerdict.fault(
                    401,
                    "Unauthorized",
                    Causes.CLIENT_CERTIFICATE_REQUIRED,
                    "Only the gateway of an AEF, with the AEF's certificate, may ask.");
        }
        if (!caller.is(CapifRole.AEF)) {
            return GatewayVerdict.fault(
                    403,
                    "Forbidden",
                    Causes.ROLE_NOT_ALLOWED,
                    "A " + caller.identity().role().uriName() + " certificate may not ask for gateway decisions; it"
                            + " needs the AEF's.");
        }
        if (!state.providers().current(CapifRole.AEF, caller.id(), caller.thumbprint())) {
            return GatewayVerdict.fault(
                    401,
                    "Unauthorized",
                    Causes.CLIENT_CERTIFICATE_INVALID,
                    "The client certificate is not the current certificate of a registered AEF (removed,"
                            + " deregistered or replaced).");
        }
        if (request.aefId() != null && !request.aefId().equals(caller.id())) {
            return GatewayVerdict.fault(
                    403,
                    "Forbidden",
                    Causes.RESOURCE_NOT_OWNED,
                    "The route names another AEF than the one whose certificate the gateway presented.");
        }
        if (!readiness.ready()) {
            return GatewayVerdict.fault(
                    503,
                    "Service Unavailable",
                    Causes.SERVICE_UNAVAILABLE,
                    "The validator is still reading its state; the gateway must refuse meanwhile.");
        }
        if (blank(request.method()) || blank(request.path())) {
            return GatewayVerdict.fault(
                    400, "Bad Request", Causes.MANDATORY_IE_MISSING, "The original method and path are missing.");
        }
        if (!METHOD.matcher(request.method()).matches()) {
            return GatewayVerdict.fault(
                    400,
                    "Bad Request",
                    Causes.MANDATORY_IE_INCORRECT,
                    "The original method is not an HTTP method (RFC 9110 token of at most " + MAX_METHOD
                            + " characters).");
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
