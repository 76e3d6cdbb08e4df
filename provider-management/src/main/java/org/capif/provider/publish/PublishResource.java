package org.capif.provider.publish;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import java.util.List;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.cert.CapifRole;
import org.capif.common.outbox.OutboxRelay;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;
import org.capif.provider.ProviderManagementConfig;
import org.capif.provider.registration.ProviderPeers;

/**
 * TS 29.222 §8.2 CAPIF_Publish_Service_API, {@code /published-apis/v1/{apfId}/service-apis}: mutual TLS with the
 * certificate of the APF named in the URI (CAPIF-4); an APF sees and changes only its own APIs.
 */
@Path("/published-apis/v1/{apfId}/service-apis")
@Produces(MediaType.APPLICATION_JSON)
public class PublishResource {

    static final String MERGE_PATCH = "application/merge-patch+json";

    private final PublishService service;
    private final OutboxRelay relay;
    private final String apiRoot;

    public PublishResource(PublishService service, OutboxRelay relay, ProviderManagementConfig config) {
        this.service = service;
        this.relay = relay;
        this.apiRoot = config.apiRoot().replaceAll("/+$", "");
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> publish(
            @Context HttpServerRequest request, @PathParam("apfId") String apfId, ServiceAPIDescription body) {
        AuthenticatedPeer apf = apf(request, apfId);
        return service.publish(apf, body).invoke(relay::wakeUp).map(api -> Response.created(
                        URI.create(apiRoot + "/published-apis/v1/" + apfId + "/service-apis/" + api.apiId))
                .entity(PublishService.description(api))
                .build());
    }

    @GET
    public Uni<List<ServiceAPIDescription>> list(@Context HttpServerRequest request, @PathParam("apfId") String apfId) {
        return service.list(apf(request, apfId))
                .map(apis -> apis.stream().map(PublishService::description).toList());
    }

    @GET
    @Path("/{serviceApiId}")
    public Uni<ServiceAPIDescription> get(
            @Context HttpServerRequest request,
            @PathParam("apfId") String apfId,
            @PathParam("serviceApiId") String serviceApiId) {
        AuthenticatedPeer apf = apf(request, apfId);
        return service.get(apf, serviceApiId).map(PublishService::description);
    }

    @PUT
    @Path("/{serviceApiId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ServiceAPIDescription> replace(
            @Context HttpServerRequest request,
            @PathParam("apfId") String apfId,
            @PathParam("serviceApiId") String serviceApiId,
            ServiceAPIDescription body) {
        AuthenticatedPeer apf = apf(request, apfId);
        return service.replace(apf, serviceApiId, body).invoke(relay::wakeUp).map(PublishService::description);
    }

    @PATCH
    @Path("/{serviceApiId}")
    @Consumes(MERGE_PATCH)
    public Uni<ServiceAPIDescription> modify(
            @Context HttpServerRequest request,
            @PathParam("apfId") String apfId,
            @PathParam("serviceApiId") String serviceApiId,
            byte[] body) {
        AuthenticatedPeer apf = apf(request, apfId);
        return service.patch(apf, serviceApiId, service.parsePatch(body))
                .invoke(relay::wakeUp)
                .map(PublishService::description);
    }

    @DELETE
    @Path("/{serviceApiId}")
    public Uni<Response> unpublish(
            @Context HttpServerRequest request,
            @PathParam("apfId") String apfId,
            @PathParam("serviceApiId") String serviceApiId) {
        AuthenticatedPeer apf = apf(request, apfId);
        return service.unpublish(apf, serviceApiId).invoke(relay::wakeUp).map(v -> Response.noContent()
                .build());
    }

    /** The APF named in the URI, proven by its certificate (role, id; the pinned thumbprint is checked in the service). */
    private static AuthenticatedPeer apf(HttpServerRequest request, String apfId) {
        AuthenticatedPeer peer = PeerCertificates.require(request, CapifRole.APF);
        ProviderPeers.requireSelf(peer, apfId);
        return peer;
    }
}
