package org.capif.authz.policy;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.capif.common.api.ApiInvokerPolicy;
import org.capif.common.cert.CapifRole;
import org.capif.common.http.CapifId;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;

/**
 * The policy endpoints: TS 29.222 §8.6 CAPIF_Access_Control_Policy_API ({@code GET}, for AEFs about themselves and for
 * the operator) and our operator administration to set and remove a policy.
 */
@Produces(MediaType.APPLICATION_JSON)
@Path("/")
public class PolicyResources {

    private final PolicyService service;

    public PolicyResources(PolicyService service) {
        this.service = service;
    }

    @GET
    @Path("/access-control-policy/v1/accessControlPolicyList/{serviceApiId}")
    public Uni<AccessControlPolicyList> list(
            @Context HttpServerRequest request,
            @PathParam("serviceApiId") String serviceApiId,
            @QueryParam("aef-id") @CapifId String aefId,
            @QueryParam("api-invoker-id") @CapifId String apiInvokerId) {
        AuthenticatedPeer peer = PeerCertificates.require(request, CapifRole.AEF, CapifRole.OPERATOR);
        if (aefId == null || aefId.isBlank()) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_MISSING,
                    "Query parameter aef-id is mandatory.",
                    new InvalidParam("aef-id", "mandatory"));
        }
        if (peer.is(CapifRole.AEF) && !peer.id().equals(aefId)) {
            throw CapifException.forbidden(Causes.RESOURCE_NOT_OWNED, "An AEF may only read its own policies.");
        }
        return service.list(aefId, serviceApiId, apiInvokerId).map(AccessControlPolicyList::new);
    }

    @PUT
    @Path("/capif-admin/v1/access-control-policies/{aefId}/{apiId}/{apiInvokerId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ApiInvokerPolicy> set(
            @Context HttpServerRequest request,
            @PathParam("aefId") String aefId,
            @PathParam("apiId") String apiId,
            @PathParam("apiInvokerId") String apiInvokerId,
            ApiInvokerPolicy body) {
        requireOperator(request);
        if (body == null) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_MISSING,
                    "A request body (ApiInvokerPolicy) is required.",
                    new InvalidParam("/", "missing body"));
        }
        return service.set(aefId, apiId, apiInvokerId, body);
    }

    @DELETE
    @Path("/capif-admin/v1/access-control-policies/{aefId}/{apiId}/{apiInvokerId}")
    public Uni<Response> remove(
            @Context HttpServerRequest request,
            @PathParam("aefId") String aefId,
            @PathParam("apiId") String apiId,
            @PathParam("apiInvokerId") String apiInvokerId) {
        requireOperator(request);
        return service.set(aefId, apiId, apiInvokerId, null)
                .map(v -> Response.noContent().build());
    }

    private static void requireOperator(HttpServerRequest request) {
        PeerCertificates.require(request, CapifRole.OPERATOR);
    }
}
