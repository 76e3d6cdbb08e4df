package org.capif.validator.aef;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.capif.common.event.SubscribedApi;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.validator.af.AuthorizationFunctionClient;
import org.capif.validator.decision.DecisionPipeline;
import org.capif.validator.state.ValidatorReadiness;
import org.capif.validator.state.ValidatorState;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * The TS 29.222 §8.3 AEF_Security_API operations the validator serves on an AEF's behalf (the AEF forwards them):
 * {@code check-authentication} answers whether the invoker is known, active and subscribed to an API of the calling AEF
 * (the invoker checks of {@link DecisionPipeline}), so the AEF can authenticate it, and answers every other invoker
 * alike, whether it exists or not;
 * {@code revoke-authorization} revokes the invoker's authorization for APIs at the calling AEF: at once in the
 * validators (stored, so other replicas and restarts keep it), and durably at the authorization function, which then
 * issues no new token for those APIs and publishes the revocation (TS 29.222 Revoke_Authorization, forwarded with the
 * validator's service certificate). If the authorization function cannot be reached the answer is 503, so the AEF
 * retries; the revocation is already in force at the validators meanwhile.
 */
@Path("/aef-security/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AefSecurityResource {

    /** TS 29.222 §8.3.4.2.2 {@code CheckAuthenticationReq}. */
    public record CheckAuthenticationReq(String apiInvokerId, String supportedFeatures) {}

    /** TS 29.222 §8.3.4.2.4 {@code RevokeAuthorizationReq}. */
    public record RevokeAuthorizationReq(RevokeInfo revokeInfo, String supportedFeatures) {}

    /** The {@code SecurityNotification} inside a revocation request. */
    public record RevokeInfo(String apiInvokerId, String aefId, List<String> apiIds, String cause) {}

    private static final Logger LOG = Logger.getLogger(AefSecurityResource.class);

    private final ValidatorState state;
    private final DecisionPipeline pipeline;
    private final ValidatorReadiness readiness;
    private final LocalRevocations revocations;
    private final AuthorizationFunctionClient af;
    private final Clock clock;

    public AefSecurityResource(
            ValidatorState state,
            DecisionPipeline pipeline,
            @Readiness ValidatorReadiness readiness,
            LocalRevocations revocations,
            AuthorizationFunctionClient af,
            Clock clock) {
        this.state = state;
        this.pipeline = pipeline;
        this.readiness = readiness;
        this.revocations = revocations;
        this.af = af;
        this.clock = clock;
    }

    @POST
    @Path("/check-authentication")
    public Map<String, String> checkAuthentication(@Context HttpServerRequest request, CheckAuthenticationReq body) {
        AuthenticatedPeer aef = Aefs.require(request);
        readiness.require();
        List<InvalidParam> missing = new ArrayList<>();
        if (body == null || body.apiInvokerId() == null) {
            missing.add(new InvalidParam("/apiInvokerId", "mandatory"));
        }
        if (body == null || body.supportedFeatures() == null) {
            missing.add(new InvalidParam("/supportedFeatures", "mandatory"));
        }
        if (!missing.isEmpty()) {
            throw CapifException.badRequest(Causes.MANDATORY_IE_MISSING, "Mandatory fields are missing.", missing);
        }
        if (pipeline.authenticate(aef.id(), body.apiInvokerId()) != null) {
            // one answer for an unknown, an offboarded and an unrelated invoker: whether an invoker exists is none of
            // an AEF's business unless it is subscribed to one of the AEF's APIs
            throw CapifException.notFound(
                    Causes.API_INVOKER_NOT_FOUND,
                    "No onboarded API invoker " + body.apiInvokerId() + " subscribed to an API of this AEF.");
        }
        return Map.of("supportedFeatures", "0");
    }

    @POST
    @Path("/revoke-authorization")
    public Uni<Map<String, String>> revokeAuthorization(
            @Context HttpServerRequest request, RevokeAuthorizationReq body) {
        AuthenticatedPeer aef = Aefs.require(request);
        readiness.require();
        RevokeInfo info = body == null ? null : body.revokeInfo();
        List<InvalidParam> missing = new ArrayList<>();
        if (info == null) {
            missing.add(new InvalidParam("/revokeInfo", "mandatory"));
        } else {
            if (info.apiInvokerId() == null) {
                missing.add(new InvalidParam("/revokeInfo/apiInvokerId", "mandatory"));
            }
            if (info.apiIds() == null
                    || info.apiIds().isEmpty()
                    || info.apiIds().contains(null)) {
                missing.add(new InvalidParam("/revokeInfo/apiIds", "mandatory, at least one, no null entry"));
            }
            if (info.cause() == null || info.cause().isBlank()) {
                missing.add(new InvalidParam("/revokeInfo/cause", "mandatory"));
            }
        }
        if (body == null || body.supportedFeatures() == null) {
            missing.add(new InvalidParam("/supportedFeatures", "mandatory"));
        }
        if (!missing.isEmpty()) {
            throw CapifException.badRequest(Causes.MANDATORY_IE_MISSING, "Mandatory fields are missing.", missing);
        }
        if (info.aefId() != null && !info.aefId().equals(aef.id())) {
            throw CapifException.forbidden(
                    Causes.RESOURCE_NOT_OWNED, "An AEF may only revoke authorizations at itself.");
        }
        ValidatorState.InvokerState invoker = state.invoker(info.apiInvokerId());
        if (invoker == null) {
            throw CapifException.notFound(
                    Causes.API_INVOKER_NOT_FOUND, "No onboarded API invoker " + info.apiInvokerId() + ".");
        }
        Instant now = clock.instant();
        // the names the APIs had when subscribed and the names they are published under now: tokens may carry either
        List<String> names = java.util.stream.Stream.concat(
                        invoker.apis().stream(), state.subscriptions(invoker).stream())
                .filter(a -> a.aefId().equals(aef.id()) && info.apiIds().contains(a.apiId()))
                .map(SubscribedApi::apiName)
                .distinct()
                .toList();
        return Multi.createFrom()
                .iterable(names)
                .onItem()
                .transformToUniAndConcatenate(
                        name -> revocations.revoke(info.apiInvokerId(), aef.id(), name, now, info.cause()))
                .collect()
                .last()
                .chain(() -> af.revokeAuthorization(info.apiInvokerId(), aef.id(), info.apiIds(), info.cause()))
                .onFailure(AuthorizationFunctionClient.Refused.class)
                .transform(e -> {
                    LOG.errorf(
                            "the authorization function refused the revocation of %s at %s: %s",
                            info.apiInvokerId(), aef.id(), e.getMessage());
                    return CapifException.badGateway("The revocation is in force at the token validators but the"
                            + " authorization function refused it (answered "
                            + ((AuthorizationFunctionClient.Refused) e).status()
                            + "); the operator must look into it.");
                })
                .onFailure(e -> !(e instanceof CapifException))
                .transform(e -> {
                    LOG.errorf(
                            "revocation of %s for %s at %s not forwarded to the authorization function: %s",
                            info.apiInvokerId(), info.apiIds(), aef.id(), e.toString());
                    return CapifException.serviceUnavailable("The revocation is in force at the token validators but"
                            + " the authorization function could not be told (it would issue new tokens); retry.");
                })
                .replaceWith(Map.of("supportedFeatures", "0"));
    }
}
