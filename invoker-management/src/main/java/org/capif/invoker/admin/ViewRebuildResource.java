package org.capif.invoker.admin;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.capif.common.cert.CapifRole;
import org.capif.common.config.CommonConfig;
import org.capif.common.event.ServiceApiEvent;
import org.capif.common.event.ViewRebuild;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;
import org.capif.invoker.api.PublishedApiProjection;
import org.jboss.logging.Logger;

/**
 * Operator administration (our extension): rebuilds the view of published service APIs from the service API topic
 * alone ({@link ViewRebuild}); grants and discovery keep working from the rows being restored meanwhile.
 */
@Path("/capif-admin/v1/service-api-view/rebuild")
public class ViewRebuildResource {

    private static final Logger LOG = Logger.getLogger(ViewRebuildResource.class);

    private final ViewRebuild<ServiceApiEvent> rebuild;

    public ViewRebuildResource(@Identifier("default-kafka-broker") Map<String, Object> kafka, CommonConfig common) {
        this.rebuild = new ViewRebuild<>(
                "published_api_view",
                common.topics().serviceApiEvents(),
                kafka,
                "capif-invoker-management-rebuild",
                ServiceApiEvent::decode,
                ServiceApiEvent::apiId,
                ServiceApiEvent::sequence,
                PublishedApiProjection::apply);
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ViewRebuild.Rebuilt> rebuild(@Context HttpServerRequest request) {
        AuthenticatedPeer peer = PeerCertificates.require(request, CapifRole.OPERATOR);
        LOG.infof("service API view rebuild requested by %s", peer.identity());
        return rebuild.run();
    }
}
