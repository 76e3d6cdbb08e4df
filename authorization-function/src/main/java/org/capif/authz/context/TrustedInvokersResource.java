package org.capif.authz.context;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.capif.authz.AuthorizationConfig;
import org.capif.common.api.WebsockNotifConfig;
import org.capif.common.tls.PeerCertificates;

/**
 * TS 29.222 §8.5 CAPIF_Security_API, {@code /capif-security/v1/trustedInvokers/{apiInvokerId}}. Mutual TLS is required
 * by the server on every connection; roles come from the client certificate (see {@link Access}).
 */
@Path("/capif-security/v1/trustedInvokers/{apiInvokerId}")
@Produces(MediaType.APPLICATION_JSON)
public class TrustedInvokersResource {

    private final SecurityContextService service;
    private final String apiRoot;

    public TrustedInvokersResource(SecurityContextService service, AuthorizationConfig config) {
        this.service = service;
        this.apiRoot = config.apiRoot().replaceAll("/+$", "");
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> establish(
            @Context HttpServerRequest request, @PathParam("apiInvokerId") String id, ServiceSecurity body) {
        return service.establish(PeerCertificates.require(request), id, body)
                .map(result -> Response.created(URI.create(apiRoot + "/capif-security/v1/trustedInvokers/" + id))
                        .entity(answer(result.context(), SecurityContexts.entries(result.context()), null))
                        .build());
    }

    @GET
    public Uni<ServiceSecurity> read(
            @Context HttpServerRequest request,
            @PathParam("apiInvokerId") String id,
            @QueryParam("authenticationInfo") boolean authenticationInfo,
            @QueryParam("authorizationInfo") boolean authorizationInfo) {
        return service.read(PeerCertificates.require(request), id)
                .map(view -> answer(
                        view.context(),
                        view.entries(),
                        new Extras(
                                authenticationInfo,
                                authorizationInfo,
                                view.invoker().certificateThumbprint())));
    }

    @DELETE
    public Uni<Response> delete(@Context HttpServerRequest request, @PathParam("apiInvokerId") String id) {
        return service.delete(PeerCertificates.require(request), id)
                .map(v -> Response.noContent().build());
    }

    @POST
    @Path("/update")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ServiceSecurity> update(
            @Context HttpServerRequest request, @PathParam("apiInvokerId") String id, ServiceSecurity body) {
        return service.update(PeerCertificates.require(request), id, body)
                .map(context -> answer(context, SecurityContexts.entries(context), null));
    }

    @POST
    @Path("/delete")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> revoke(
            @Context HttpServerRequest request, @PathParam("apiInvokerId") String id, SecurityNotification body) {
        return service.revoke(PeerCertificates.require(request), id, body)
                .map(v -> Response.noContent().build());
    }

    /** What a GET may add per entry: the invoker's certificate binding and the scope it is authorised for. */
    private record Extras(boolean authentication, boolean authorization, String thumbprint) {}

    private static ServiceSecurity answer(SecurityContext context, List<SecurityEntry> entries, Extras extras) {
        List<SecurityInformation> info = entries.stream()
                .map(e -> new SecurityInformation(
                        null,
                        e.aefId(),
                        e.apiId(),
                        e.prefSecurityMethods(),
                        e.selSecurityMethod(),
                        extras != null && extras.authentication() ? "x5t#S256:" + extras.thumbprint() : null,
                        extras != null && extras.authorization() ? "3gpp#" + e.aefId() + ":" + e.apiName() : null))
                .toList();
        WebsockNotifConfig websock = context.websocketUri == null && context.requestWebsocketUri == null
                ? null
                : new WebsockNotifConfig(context.websocketUri, context.requestWebsocketUri);
        return new ServiceSecurity(
                info,
                context.notificationDestination,
                context.requestTestNotification,
                websock,
                context.supportedFeatures);
    }
}
