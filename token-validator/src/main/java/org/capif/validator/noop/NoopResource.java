package org.capif.validator.noop;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.capif.validator.ValidatorConfig;

/**
 * A benchmark baseline: same server, same TLS, same request and response shape, no work. Answers 404 unless
 * {@code capif.benchmark.noop-enabled} is set.
 */
@Path("/token-validator/v1/noop")
public class NoopResource {

    private static final String ANSWER = "{\"decision\":\"ALLOW\",\"reason\":\"OK\"}";
    private final boolean enabled;

    public NoopResource(ValidatorConfig config) {
        this.enabled = config.benchmark().noopEnabled();
    }

    @POST
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public Response noop(String body) {
        return enabled ? Response.ok(ANSWER).build() : Response.status(404).build();
    }
}
