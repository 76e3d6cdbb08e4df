package org.capif.invoker.onboarding;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.capif.common.cert.CapifRole;
import org.capif.common.credential.OperatorCredentials;
import org.capif.common.outbox.OutboxRelay;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;
import org.capif.invoker.InvokerManagementConfig;
import org.capif.invoker.credential.OnboardingCredentials;

/**
 * TS 29.222 §8.4 CAPIF_API_Invoker_Management_API, {@code /api-invoker-management/v1/onboardedInvokers}. Onboarding
 * runs over server-authenticated TLS with an onboarding credential (TS 33.122 §6.1); update and offboarding require
 * the invoker's own client certificate (mutual TLS), or for offboarding the operator's.
 */
@Path("/api-invoker-management/v1/onboardedInvokers")
@Produces(MediaType.APPLICATION_JSON)
public class OnboardingResource {

    static final String MERGE_PATCH = "application/merge-patch+json";

    private final OnboardingService service;
    private final OnboardingCredentials credentials;
    private final EnrolmentValidator validator;
    private final EnrolmentDetailsMapper mapper;
    private final OutboxRelay relay;
    private final String apiRoot;

    public OnboardingResource(
            OnboardingService service,
            OnboardingCredentials credentials,
            EnrolmentValidator validator,
            EnrolmentDetailsMapper mapper,
            OutboxRelay relay,
            InvokerManagementConfig config) {
        this.service = service;
        this.credentials = credentials;
        this.validator = validator;
        this.mapper = mapper;
        this.relay = relay;
        this.apiRoot = config.apiRoot().replaceAll("/+$", "");
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> onboard(@HeaderParam("Authorization") String authorization, APIInvokerEnrolmentDetails body) {
        OperatorCredentials.Verified credential = credentials.verifyBearer(authorization);
        EnrolmentValidator.Enrolment enrolment = validator.validate(body, null);
        return service.onboard(credential, enrolment).invoke(relay::wakeUp).map(enrolled -> Response.created(URI.create(
                        apiRoot + "/api-invoker-management/v1/onboardedInvokers/" + enrolled.invoker().onboardingId))
                .entity(mapper.toDetails(enrolled))
                .build());
    }

    @PUT
    @Path("/{onboardingId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<APIInvokerEnrolmentDetails> replace(
            @Context HttpServerRequest request,
            @PathParam("onboardingId") String onboardingId,
            APIInvokerEnrolmentDetails body) {
        AuthenticatedPeer peer = invokerItself(request, onboardingId);
        EnrolmentValidator.Enrolment enrolment = validator.validate(body, onboardingId);
        return service.replace(peer, onboardingId, enrolment)
                .invoke(relay::wakeUp)
                .map(mapper::toDetails);
    }

    @PATCH
    @Path("/{onboardingId}")
    @Consumes(MERGE_PATCH)
    public Uni<APIInvokerEnrolmentDetails> modify(
            @Context HttpServerRequest request, @PathParam("onboardingId") String onboardingId, byte[] body) {
        AuthenticatedPeer peer = invokerItself(request, onboardingId);
        return service.patch(peer, onboardingId, service.parsePatch(body))
                .invoke(relay::wakeUp)
                .map(mapper::toDetails);
    }

    @DELETE
    @Path("/{onboardingId}")
    public Uni<Response> offboard(@Context HttpServerRequest request, @PathParam("onboardingId") String onboardingId) {
        AuthenticatedPeer peer = PeerCertificates.require(request);
        if (!peer.is(CapifRole.OPERATOR)) {
            checkOwnInvoker(peer, onboardingId);
        }
        return service.offboard(peer, onboardingId).invoke(relay::wakeUp).map(v -> Response.noContent()
                .build());
    }

    /** The peer, if it is the invoker addressed by the URI (its role and id come from its client certificate). */
    private static AuthenticatedPeer invokerItself(HttpServerRequest request, String onboardingId) {
        AuthenticatedPeer peer = PeerCertificates.require(request);
        checkOwnInvoker(peer, onboardingId);
        return peer;
    }

    private static void checkOwnInvoker(AuthenticatedPeer peer, String onboardingId) {
        if (!peer.is(CapifRole.INVOKER)) {
            throw CapifException.forbidden(
                    Causes.ROLE_NOT_ALLOWED,
                    "Only the API invoker itself may change its enrolment; this certificate" + " belongs to a "
                            + peer.identity().role().uriName() + ".");
        }
        if (!peer.id().equals(onboardingId)) {
            throw CapifException.forbidden(
                    Causes.RESOURCE_NOT_OWNED, "An API invoker may only change its own enrolment.");
        }
    }
}
