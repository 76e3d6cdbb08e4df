package org.capif.authz.context;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.capif.common.tls.PeerCertificates;

/**
 * Our extension for AEFs and the operator (docs/decisions.md D19): {@code GET
 * /capif-admin/v1/revoked-authorizations/{apiInvokerId}} lists what stands revoked (an AEF sees its own), and
 * {@code POST .../grant} grants it again (an AEF what it revoked at itself, the operator anything). An invoker cannot
 * call either: it cannot undo a revocation by negotiating its security context again.
 */
@Path("/capif-admin/v1/revoked-authorizations/{apiInvokerId}")
@Produces(MediaType.APPLICATION_JSON)
public class RevokedAuthorizationsResource {

    private final SecurityContextService service;

    public RevokedAuthorizationsResource(SecurityContextService service) {
        this.service = service;
    }

    @GET
    public Uni<Map<String, List<RevokedAuthorization>>> list(
            @Context HttpServerRequest request, @PathParam("apiInvokerId") String id) {
        return service.revoked(PeerCertificates.require(request), id)
                .map(revoked -> Map.of("revokedAuthorizations", revoked));
    }

    @POST
    @Path("/grant")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> grant(
            @Context HttpServerRequest request, @PathParam("apiInvokerId") String id, AuthorizationGrant body) {
        return service.grant(PeerCertificates.require(request), id, body)
                .map(v -> Response.noContent().build());
    }
}
