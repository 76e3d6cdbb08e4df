package org.capif.validator.decision;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;
import org.capif.validator.aef.Aefs;
import org.capif.validator.state.ValidatorReadiness;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code POST /token-validator/v1/decisions}: the lean per-invocation decision for AEFs (our API, mutual TLS, the AEF
 * identified by its certificate). A denial is a 200 with {@code DENY} and a reason; only a malformed request is a 4xx.
 * With both {@code operation} and {@code resource}, the route is checked against the API's published resources too.
 */
@Path("/token-validator/v1/decisions")
public class DecisionResource {

    private final DecisionPipeline decisions;
    private final ValidatorReadiness readiness;

    public DecisionResource(DecisionPipeline decisions, @Readiness ValidatorReadiness readiness) {
        this.decisions = decisions;
        this.readiness = readiness;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<DecisionResponse> decide(@Context HttpServerRequest request, DecisionRequest body) {
        String aefId = Aefs.require(request).id();
        readiness.require();
        List<InvalidParam> missing = new ArrayList<>();
        if (body == null) {
            missing.add(new InvalidParam("/", "missing body"));
        } else {
            if (body.accessToken() == null) {
                missing.add(new InvalidParam("/accessToken", "mandatory"));
            }
            if (body.apiName() == null || body.apiName().isBlank()) {
                missing.add(new InvalidParam("/apiName", "mandatory"));
            }
            if (body.clientCertThumbprint() == null
                    || body.clientCertThumbprint().isBlank()) {
                missing.add(
                        new InvalidParam("/clientCertThumbprint", "mandatory: x5t#S256 of the invoker's certificate"));
            }
        }
        if (!missing.isEmpty()) {
            throw CapifException.badRequest(Causes.MANDATORY_IE_MISSING, "Mandatory fields are missing.", missing);
        }
        boolean route = body.operation() != null
                && !body.operation().isBlank()
                && body.resource() != null
                && !body.resource().isBlank();
        ApiCall call = route
                ? new ApiCall(body.apiName(), null, body.operation(), body.resource())
                : ApiCall.named(body.apiName());
        return decisions
                .decide(aefId, body.accessToken(), call, body.clientCertThumbprint())
                .map(DecisionResponse::of);
    }
}
