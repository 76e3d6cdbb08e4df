package org.capif.invoker.admin;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.capif.common.cert.CapifRole;
import org.capif.common.credential.CredentialRequest;
import org.capif.common.credential.OperatorCredentials;
import org.capif.common.http.CapifId;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;
import org.capif.invoker.credential.OnboardingCredentials;

/**
 * Operator administration (our extension, not TS 29.222): minting onboarding credentials and listing onboarded
 * invokers (paged by id: {@code limit}, {@code after}). Every operation requires
 * mutual TLS with an operator certificate issued by the CAPIF CA.
 */
@Path("/capif-admin/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final OnboardingCredentials credentials;
    private final org.capif.invoker.onboarding.ApiInvokerRepository invokers;

    public AdminResource(
            OnboardingCredentials credentials, org.capif.invoker.onboarding.ApiInvokerRepository invokers) {
        this.credentials = credentials;
        this.invokers = invokers;
    }

    @POST
    @Path("/onboarding-credentials")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response mint(@Context HttpServerRequest request, CredentialRequest body) {
        AuthenticatedPeer operator = requireOperator(request);
        OperatorCredentials.Minted minted = credentials.mint(body);
        org.jboss.logging.Logger.getLogger(AdminResource.class)
                .infof("operator %s minted onboarding credential jti=%s", operator.id(), minted.jti());
        return Response.status(Response.Status.CREATED)
                .header("Cache-Control", "no-store")
                .entity(minted)
                .build();
    }

    /** One onboarded invoker as the operator sees it. */
    public record InvokerSummary(
            String apiInvokerId,
            java.util.List<String> apiIds,
            String certificateThumbprint,
            java.time.Instant certificateNotAfter,
            java.time.Instant createdAt,
            java.time.Instant updatedAt) {}

    @jakarta.ws.rs.GET
    @Path("/invokers")
    public io.smallrye.mutiny.Uni<java.util.List<InvokerSummary>> invokers(
            @Context HttpServerRequest request,
            @jakarta.ws.rs.QueryParam("limit") @jakarta.ws.rs.DefaultValue("100") int limit,
            @jakarta.ws.rs.QueryParam("after") @CapifId String after) {
        requireOperator(request);
        if (limit < 1 || limit > 1000) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_INCORRECT,
                    "limit must be 1 to 1000.",
                    new InvalidParam("limit", "out of range"));
        }
        return io.quarkus.hibernate.reactive.panache.Panache.withSession(() -> invokers.find(
                                "apiInvokerId > ?1",
                                io.quarkus.panache.common.Sort.by("apiInvokerId"),
                                after == null ? "" : after)
                        .page(0, limit)
                        .list())
                .map(list -> list.stream()
                        .map(i -> new InvokerSummary(
                                i.apiInvokerId,
                                i.grantedApis(),
                                i.certificateThumbprint,
                                i.certificateNotAfter,
                                i.createdAt,
                                i.updatedAt))
                        .toList());
    }

    static AuthenticatedPeer requireOperator(HttpServerRequest request) {
        return PeerCertificates.require(request, CapifRole.OPERATOR);
    }
}
