package org.capif.authz.admin;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.capif.authz.invoker.InvokerProjection;
import org.capif.authz.provider.ProviderViews;
import org.capif.common.cert.CapifRole;
import org.capif.common.config.CommonConfig;
import org.capif.common.event.InvokerEvent;
import org.capif.common.event.ProviderEvent;
import org.capif.common.event.ServiceApiEvent;
import org.capif.common.event.ViewRebuild;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;
import org.jboss.logging.Logger;

/**
 * Operator administration (our extension): rebuilds one of the authorization function's views from its topic alone
 * ({@link ViewRebuild}): the invoker view, the provider domain view or the service API view. The in-memory state keeps
 * serving meanwhile (its entries only move forward), so token requests are not interrupted. The answer comes when the
 * view is rebuilt.
 */
// One class path naming exactly these three resources: a class at /capif-admin/v1 would take over every other
// /capif-admin/v1 path of the service (JAX-RS matches the most specific class path first).
@Path("/capif-admin/v1/{view: invoker-view|provider-view|service-api-view}/rebuild")
@Produces(MediaType.APPLICATION_JSON)
public class ViewRebuildResource {

    private static final Logger LOG = Logger.getLogger(ViewRebuildResource.class);
    private static final String CLIENT_ID = "capif-authorization-function-rebuild";

    /** The invoker view's answer: rows removed, invokers restored, and records read that were not valid events. */
    public record Rebuilt(int removedRows, int restoredInvokers, int skippedRecords) {}

    private final ViewRebuild<InvokerEvent> invokers;
    private final ViewRebuild<ProviderEvent> providers;
    private final ViewRebuild<ServiceApiEvent> apis;

    public ViewRebuildResource(
            InvokerProjection projection,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            CommonConfig common) {
        CommonConfig.Topics t = common.topics();
        this.invokers = new ViewRebuild<>(
                "invoker_view",
                t.invokerEvents(),
                kafka,
                CLIENT_ID,
                InvokerProjection::decode,
                InvokerEvent::apiInvokerId,
                InvokerEvent::sequence,
                projection::apply);
        this.providers = new ViewRebuild<>(
                "provider_domain_view",
                t.providerEvents(),
                kafka,
                CLIENT_ID,
                ProviderEvent::decode,
                ProviderEvent::apiProvDomId,
                ProviderEvent::sequence,
                ProviderViews::apply);
        this.apis = new ViewRebuild<>(
                "service_api_view",
                t.serviceApiEvents(),
                kafka,
                CLIENT_ID,
                ServiceApiEvent::decode,
                ServiceApiEvent::apiId,
                ServiceApiEvent::sequence,
                ProviderViews::apply);
    }

    @POST
    public Uni<Object> rebuild(@Context HttpServerRequest request, @PathParam("view") String view) {
        AuthenticatedPeer peer = PeerCertificates.require(request, CapifRole.OPERATOR);
        LOG.infof("%s rebuild requested by %s", view, peer.identity());
        return switch (view) {
            case "invoker-view" ->
                invokers.run().map(r -> (Object) new Rebuilt(r.removedRows(), r.restored(), r.skippedRecords()));
            case "provider-view" -> providers.run().map(r -> (Object) r);
            default -> apis.run().map(r -> (Object) r);
        };
    }
}
