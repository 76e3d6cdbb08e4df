package org.capif.invoker.discovery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.Thumbprints;
import org.capif.common.http.RequestEdgeFilter;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;
import org.capif.invoker.api.PublishedApis;
import org.capif.invoker.onboarding.ApiInvokerRepository;

/**
 * TS 29.222 §8.1 CAPIF_Discover_Service_API, {@code GET /service-apis/v1/allServiceAPIs}: an onboarded invoker, over
 * mutual TLS with its current certificate, discovers the published service APIs for itself ({@code api-invoker-id} must
 * be its own id). The answer holds only what the APFs published for invokers, filtered as the query asks
 * ({@link DiscoveryQuery}); nothing about CAPIF's or the provider domain's own topology (TS 23.222 AR-4.3.2-a). When
 * nothing matches, the answer is 404 {@code SERVICE_API_NOT_FOUND}: {@code DiscoveredAPIs} must list at least one API.
 */
@Path("/service-apis/v1/allServiceAPIs")
@Produces(MediaType.APPLICATION_JSON)
public class DiscoveryResource {

    /** TS 29.222 §8.1.4.2.2 {@code DiscoveredAPIs}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DiscoveredAPIs(List<ServiceAPIDescription> serviceAPIDescriptions) {}

    private final PublishedApis published;
    private final ApiInvokerRepository invokers;
    private final ObjectMapper json;

    public DiscoveryResource(PublishedApis published, ApiInvokerRepository invokers, ObjectMapper json) {
        this.published = published;
        this.invokers = invokers;
        this.json = json;
    }

    @GET
    @WithSession
    public Uni<DiscoveredAPIs> discover(@Context HttpServerRequest request, @Context UriInfo uri) {
        AuthenticatedPeer peer = PeerCertificates.require(request, CapifRole.INVOKER);
        DiscoveryQuery query = DiscoveryQuery.parse(uri.getQueryParameters(), json);
        RequestEdgeFilter.identifier("api-invoker-id", query.apiInvokerId);
        if (!peer.id().equals(query.apiInvokerId)) {
            throw CapifException.forbidden(
                    Causes.RESOURCE_NOT_OWNED, "An API invoker may discover service APIs only for itself.");
        }
        return invokers.findById(peer.id())
                .invoke(invoker -> {
                    if (invoker == null || !Thumbprints.matches(invoker.certificateThumbprint, peer.thumbprint())) {
                        throw CapifException.unauthorized(
                                Causes.CLIENT_CERTIFICATE_INVALID,
                                "The client certificate is not the current certificate of an onboarded invoker.",
                                null);
                    }
                })
                .chain(invoker -> published.all())
                .map(apis -> {
                    List<ServiceAPIDescription> found = apis.stream()
                            .map(p -> query.match(p.description()))
                            .flatMap(Optional::stream)
                            .toList();
                    if (found.isEmpty()) {
                        throw CapifException.notFound(
                                Causes.SERVICE_API_NOT_FOUND, "No published service API matches the query.");
                    }
                    return new DiscoveredAPIs(found);
                });
    }
}
