package org.capif.events.log;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.capif.common.api.InvocationLog;
import org.capif.common.cert.CapifRole;
import org.capif.common.outbox.OutboxRelay;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;
import org.capif.events.EventsConfig;
import org.capif.events.delivery.Deliverer;
import org.capif.events.view.Peers;

/**
 * TS 29.222 §8.7 CAPIF_Logging_API_Invocation_API, {@code POST /api-invocation-logs/v1/{aefId}/logs}: mutual TLS with
 * the current certificate of the AEF named in the URI, which may log only as itself (403 {@code RESOURCE_NOT_OWNED}
 * for another AEF's path, 403 {@code ROLE_NOT_ALLOWED} for any other role). The logs are checked
 * ({@link LogValidator}), stored with their events, and answered 201 with the {@code InvocationLog} as stored and a
 * {@code Location} {@code {apiRoot}/api-invocation-logs/v1/{aefId}/logs/{logId}}.
 */
@Path("/api-invocation-logs/v1/{aefId}/logs")
@Produces(MediaType.APPLICATION_JSON)
public class LoggingResource {

    static final String SOURCE = "aef";

    private final Pool pool;
    private final Peers peers;
    private final LogStore store;
    private final OutboxRelay relay;
    private final Deliverer deliverer;
    private final Clock clock;
    private final EventsConfig.Logs limits;
    private final String apiRoot;

    public LoggingResource(
            Pool pool,
            Peers peers,
            LogStore store,
            OutboxRelay relay,
            Deliverer deliverer,
            Clock clock,
            EventsConfig config) {
        this.pool = pool;
        this.peers = peers;
        this.store = store;
        this.relay = relay;
        this.deliverer = deliverer;
        this.clock = clock;
        this.limits = config.logs();
        this.apiRoot = config.apiRoot().replaceAll("/+$", "");
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> log(@Context HttpServerRequest request, @PathParam("aefId") String aefId, InvocationLog body) {
        AuthenticatedPeer aef = PeerCertificates.require(request, CapifRole.AEF);
        if (!aef.id().equals(aefId)) {
            throw CapifException.forbidden(Causes.RESOURCE_NOT_OWNED, "An AEF may only log its own invocations.");
        }
        InvocationLog log = LogValidator.validate(
                body,
                aefId,
                limits.maxEntriesPerPost(),
                limits.maxParameterBytes(),
                clock.instant().atOffset(ZoneOffset.UTC));
        String logId = UUID.randomUUID().toString();
        return peers.current(aef)
                .chain(party -> pool.withTransaction(
                        tx -> store.store(tx, List.of(new LogStore.Batch(logId, SOURCE, null, party.domainId(), log)))))
                .invoke(() -> {
                    relay.wakeUp();
                    deliverer.wakeUp();
                })
                .map(v -> Response.created(URI.create(apiRoot + "/api-invocation-logs/v1/" + aefId + "/logs/" + logId))
                        .entity(log)
                        .build());
    }
}
