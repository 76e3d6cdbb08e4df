package org.capif.events.subscription;

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
import org.capif.common.cert.CapifRole;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;
import org.capif.events.EventsConfig;

/**
 * TS 29.222 §8.3 CAPIF_Events_API, {@code /capif-events/v1/{subscriberId}/subscriptions}: mutual TLS with the
 * certificate of the invoker, AEF, APF or AMF named in the URI. POST answers 201 with the subscription and a
 * {@code Location} whose last segment is the subscription id; PUT and PATCH answer 200 with it; DELETE 204. GET of the
 * collection and of one subscription are our extension (docs/decisions.md D27), so that a subscriber can find its
 * subscriptions again.
 */
@Path("/capif-events/v1/{subscriberId}/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionResource {

    static final String MERGE_PATCH = "application/merge-patch+json";

    private final SubscriptionService service;
    private final String apiRoot;

    public SubscriptionResource(SubscriptionService service, EventsConfig config) {
        this.service = service;
        this.apiRoot = config.apiRoot().replaceAll("/+$", "");
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> subscribe(
            @Context HttpServerRequest request,
            @PathParam("subscriberId") String subscriberId,
            EventSubscription body) {
        return service.create(subscriber(request), subscriberId, body).map(created -> Response.created(URI.create(
                        apiRoot + "/capif-events/v1/" + subscriberId + "/subscriptions/" + created.subscriptionId()))
                .entity(created.subscription())
                .build());
    }

    @GET
    public Uni<List<StoredSubscriptions.Listed>> list(
            @Context HttpServerRequest request, @PathParam("subscriberId") String subscriberId) {
        return service.list(subscriber(request), subscriberId);
    }

    @GET
    @Path("/{subscriptionId}")
    public Uni<EventSubscription> get(
            @Context HttpServerRequest request,
            @PathParam("subscriberId") String subscriberId,
            @PathParam("subscriptionId") String subscriptionId) {
        return service.get(subscriber(request), subscriberId, subscriptionId);
    }

    @PUT
    @Path("/{subscriptionId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<EventSubscription> replace(
            @Context HttpServerRequest request,
            @PathParam("subscriberId") String subscriberId,
            @PathParam("subscriptionId") String subscriptionId,
            EventSubscription body) {
        return service.replace(subscriber(request), subscriberId, subscriptionId, body);
    }

    @PATCH
    @Path("/{subscriptionId}")
    @Consumes(MERGE_PATCH)
    public Uni<EventSubscription> modify(
            @Context HttpServerRequest request,
            @PathParam("subscriberId") String subscriberId,
            @PathParam("subscriptionId") String subscriptionId,
            byte[] patch) {
        return service.modify(subscriber(request), subscriberId, subscriptionId, patch);
    }

    @DELETE
    @Path("/{subscriptionId}")
    public Uni<Response> unsubscribe(
            @Context HttpServerRequest request,
            @PathParam("subscriberId") String subscriberId,
            @PathParam("subscriptionId") String subscriptionId) {
        return service.delete(subscriber(request), subscriberId, subscriptionId)
                .map(v -> Response.noContent().build());
    }

    private static AuthenticatedPeer subscriber(HttpServerRequest request) {
        return PeerCertificates.require(request, CapifRole.INVOKER, CapifRole.AEF, CapifRole.APF, CapifRole.AMF);
    }
}
