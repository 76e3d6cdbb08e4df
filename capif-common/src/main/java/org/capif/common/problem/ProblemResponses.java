package org.capif.common.problem;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import jakarta.ws.rs.core.Response;

/** Builds {@code application/problem+json} answers, for JAX-RS resources and for plain Vert.x routes alike. */
public final class ProblemResponses {

    private ProblemResponses() {}

    public static Response of(CapifException e) {
        Response.ResponseBuilder builder =
                Response.status(e.status()).type(ProblemDetails.MEDIA_TYPE).entity(e.toProblem());
        e.headers().forEach(builder::header);
        return builder.build();
    }

    public static Response of(ProblemDetails problem) {
        return Response.status(problem.status())
                .type(ProblemDetails.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    /** Ends a raw Vert.x response with the given problem (used outside JAX-RS, e.g. for 413 and unknown routes). */
    public static void write(HttpServerResponse response, ProblemDetails problem) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(problem.status())
                .putHeader("Content-Type", ProblemDetails.MEDIA_TYPE)
                .end(Json.encode(problem));
    }
}
