package org.capif.authz.token;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.capif.authz.AuthorizationConfig;
import org.capif.authz.key.SigningKeys;
import org.capif.common.cert.CapifRole;
import org.capif.common.config.CommonConfig;
import org.capif.common.event.EventCodec;
import org.capif.common.event.TokenRevokedEvent;
import org.capif.common.jose.AccessTokenClaims;
import org.capif.common.jose.AccessTokenJws;
import org.capif.common.jose.TokenRefusedException;
import org.capif.common.outbox.Outbox;
import org.capif.common.outbox.OutboxRecord;
import org.capif.common.outbox.OutboxRelay;
import org.capif.common.problem.CapifException;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * OAuth 2.0 token revocation (RFC 7009) for CAPIF access tokens, our extension next to the TS 29.222 token endpoint:
 * {@code POST /capif-security/v1/securities/{securityId}/revoke} with {@code token=...}. The invoker may revoke its own
 * tokens, the operator anybody's. A token that is not ours, not valid or already expired needs no revocation and gets
 * 200 as RFC 7009 §2.2 says; a token of another invoker is {@code unauthorized_client}. The revocation is published so
 * the token validator denies the token from then on.
 */
@Path("/capif-security/v1/securities/{securityId}/revoke")
public class TokenRevocationResource {

    private static final Logger LOG = Logger.getLogger(TokenRevocationResource.class);

    private final SigningKeys keys;
    private final OutboxRelay relay;
    private final Clock clock;
    private final String issuer;
    private final String topic;

    public TokenRevocationResource(
            SigningKeys keys, OutboxRelay relay, Clock clock, AuthorizationConfig config, CommonConfig common) {
        this.keys = keys;
        this.relay = relay;
        this.clock = clock;
        this.issuer = config.token().issuer();
        this.topic = common.topics().tokenRevocations();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> revoke(
            @Context HttpServerRequest request,
            @PathParam("securityId") String securityId,
            MultivaluedMap<String, String> form) {
        AuthenticatedPeer peer = PeerCertificates.require(request);
        if (!(peer.is(CapifRole.INVOKER) && peer.id().equals(securityId)) && !peer.is(CapifRole.OPERATOR)) {
            throw TokenError.of(TokenError.INVALID_CLIENT, "only the invoker itself or the operator may revoke");
        }
        String token = form == null ? null : form.getFirst("token");
        if (token == null || token.isBlank() || form.get("token").size() > 1) {
            throw TokenError.of(TokenError.INVALID_REQUEST, "parameter token is missing or repeated");
        }
        AccessTokenClaims claims = ours(token);
        Instant now = clock.instant();
        // a token just past exp is still accepted within the clock skew, so it is still worth revoking
        if (claims == null || !AccessTokenClaims.live(claims.exp(), now.getEpochSecond())) {
            return Uni.createFrom()
                    .item(Response.ok().header("Cache-Control", "no-store").build());
        }
        if (!claims.sub().equals(securityId)) {
            throw TokenError.of(TokenError.UNAUTHORIZED_CLIENT, "the token was not issued to " + securityId);
        }
        TokenRevokedEvent event = new TokenRevokedEvent(
                UUID.randomUUID(),
                TokenRevokedEvent.SCHEMA_VERSION,
                now,
                claims.jti(),
                claims.sub(),
                Instant.ofEpochSecond(claims.exp()));
        OutboxRecord record =
                new OutboxRecord(topic, claims.jti(), event.eventId(), "TOKEN_REVOKED", EventCodec.encode(event));
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> Outbox.append(s, record)))
                .invoke(relay::wakeUp)
                .invoke(() ->
                        LOG.infof("token jti=%s of %s revoked by %s", claims.jti(), claims.sub(), peer.identity()))
                .replaceWith(Response.ok().header("Cache-Control", "no-store").build());
    }

    /**
     * The claims if the token is one this service issued (the validator's checks, {@link AccessTokenJws}: a published
     * key by kid, a canonical signature, a complete claim set, our issuer), else null.
     */
    private AccessTokenClaims ours(String token) {
        try {
            AccessTokenJws jws = AccessTokenJws.parse(token);
            SigningKeys.SigningKey key = keys.published(jws.kid());
            if (key == null || !jws.verifies(key.publicKey())) {
                return null;
            }
            AccessTokenClaims claims = jws.claims();
            return issuer.equals(claims.iss()) ? claims : null;
        } catch (TokenRefusedException e) {
            return null;
        }
    }

    @ServerExceptionMapper
    public Response refused(TokenError e) {
        return OAuthErrors.of(e);
    }

    /** A request refused at the edge (malformed form, path identifier): {@code invalid_request} for a 400. */
    @ServerExceptionMapper
    public Response malformed(CapifException e) {
        return OAuthErrors.of(e);
    }
}
