package org.capif.authz.admin;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import org.capif.common.cert.CapifRole;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;
import org.jboss.logging.Logger;

/**
 * Operator administration (our extension): rebuilds the invoker view from the invoker topic alone. The table is
 * emptied and the consumer rewound to the beginning of every partition; as events carry full state and are applied by
 * sequence, the rebuilt view equals the one before. The in-memory state keeps serving meanwhile (its entries only move
 * forward), so token requests are not interrupted.
 */
@Path("/capif-admin/v1/invoker-view/rebuild")
public class ViewRebuildResource {

    private static final Logger LOG = Logger.getLogger(ViewRebuildResource.class);

    private final KafkaClientService kafka;

    public ViewRebuildResource(KafkaClientService kafka) {
        this.kafka = kafka;
    }

    @POST
    public Uni<Response> rebuild(@Context HttpServerRequest request) {
        AuthenticatedPeer peer = PeerCertificates.require(request, CapifRole.OPERATOR);
        LOG.infof("invoker view rebuild requested by %s", peer.identity());
        return Panache.withTransaction(
                        () -> Panache.getSession().chain(s -> s.createNativeQuery("delete from invoker_view")
                                .executeUpdate()))
                .chain(deleted -> Uni.createFrom()
                        .completionStage(kafka.<String, String>getConsumer("invoker-events")
                                .runOnPollingThread(consumer -> {
                                    consumer.seekToBeginning(consumer.assignment());
                                })
                                .subscribeAsCompletionStage())
                        .replaceWith(deleted))
                .map(deleted -> Response.accepted()
                        .entity("{\"removedRows\":" + deleted + "}")
                        .type("application/json")
                        .build());
    }
}
