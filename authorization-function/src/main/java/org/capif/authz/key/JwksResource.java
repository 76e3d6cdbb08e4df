package org.capif.authz.key;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/**
 * The public keys that verify access tokens, as a JWK Set (RFC 7517), at the conventional well-known path. Like every
 * endpoint of this service it is behind mutual TLS: any CAPIF certificate (token validator, AEF) may read it.
 */
@Path("/.well-known/jwks.json")
public class JwksResource {

    private final SigningKeys keys;

    public JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @NonBlocking
    @Produces("application/jwk-set+json")
    public Response jwks() {
        return Response.ok(keys.jwks()).header("Cache-Control", "max-age=30").build();
    }
}
