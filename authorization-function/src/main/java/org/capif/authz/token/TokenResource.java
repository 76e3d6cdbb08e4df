package org.capif.authz.token;

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
import org.capif.authz.invoker.InvokerView;
import org.capif.authz.state.AuthorizationState;
import org.capif.common.problem.CapifException;
import org.capif.common.scope.CapifScope;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * TS 29.222 {@code POST /capif-security/v1/securities/{securityId}/token} (Obtain_Authorization, OAuth 2.0
 * client_credentials over mutual TLS). The endpoint is a chain of small steps, each with one reason to fail:
 * {@link AccessTokenRequest#from} (the form), {@link ClientAuthenticator} (the certificate), {@link ScopeResolver}
 * (context, subscription, scope), {@link AccessTokenIssuer} (claims and signature). Decision data comes from memory
 * ({@link AuthorizationState}); only an invoker or context memory does not know yet is read from the database once.
 */
@Path("/capif-security/v1/securities/{securityId}/token")
public class TokenResource {

    private static final Logger LOG = Logger.getLogger(TokenResource.class);

    private final AuthorizationState state;
    private final AccessTokenIssuer issuer;
    private final Clock clock;

    public TokenResource(AuthorizationState state, AccessTokenIssuer issuer, Clock clock) {
        this.state = state;
        this.issuer = issuer;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> token(
            @Context HttpServerRequest request,
            @PathParam("securityId") String securityId,
            MultivaluedMap<String, String> form) {
        AccessTokenRequest tokenRequest = AccessTokenRequest.from(form);
        AuthenticatedPeer peer;
        try {
            peer = PeerCertificates.require(request);
        } catch (CapifException e) {
            throw TokenError.of(TokenError.INVALID_CLIENT, e.getMessage());
        }
        String id = peer.id();
        boolean known = state.invoker(id).isPresent()
                && state.context(id).map(c -> c.established()).orElse(false);
        if (known) {
            return Uni.createFrom().item(decide(peer, tokenRequest, securityId));
        }
        return state.reload(id).map(v -> decide(peer, tokenRequest, securityId));
    }

    private Response decide(AuthenticatedPeer peer, AccessTokenRequest tokenRequest, String securityId) {
        InvokerView invoker = ClientAuthenticator.authenticate(
                peer, tokenRequest, securityId, state.invoker(peer.id()).orElse(null));
        CapifScope scope =
                ScopeResolver.resolve(invoker, state.context(peer.id()).orElse(null), tokenRequest.scope());
        AccessTokenIssuer.Issued token =
                issuer.issue(invoker.apiInvokerId(), scope, peer.thumbprint(), clock.instant());
        if (LOG.isDebugEnabled()) {
            LOG.debugf("issued token jti=%s to %s for %s", token.jti(), invoker.apiInvokerId(), scope);
        }
        return Response.ok(new AccessTokenRsp(token.token(), "Bearer", token.expiresIn(), scope.toString()))
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }

    /** RFC 6749 §5.2 error answer. */
    @ServerExceptionMapper
    public Response refused(TokenError e) {
        LOG.debugf("token request refused: %s (%s)", e.error(), e.getMessage());
        return OAuthErrors.of(e);
    }

    /** A request refused at the edge before the steps above (malformed form, path identifier). */
    @ServerExceptionMapper
    public Response malformed(CapifException e) {
        LOG.debugf("token request refused: %d %s", e.status(), e.causeCode());
        return OAuthErrors.of(e);
    }
}
