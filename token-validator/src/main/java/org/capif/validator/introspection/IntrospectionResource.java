package org.capif.validator.introspection;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.capif.common.jose.AccessTokenClaims;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;
import org.capif.common.scope.CapifScope;
import org.capif.validator.aef.Aefs;
import org.capif.validator.decision.DecisionPipeline;
import org.capif.validator.state.ValidatorReadiness;
import org.eclipse.microprofile.health.Readiness;

/**
 * RFC 7662 token introspection for AEFs that speak standard OAuth: {@code POST /token-validator/v1/introspect}, form
 * {@code token} and, our extension (RFC 7662 §2.1 allows more parameters), an optional {@code api_name} naming the API
 * being invoked. The answer comes from the same pipeline as decisions ({@link DecisionPipeline#introspect}): the token
 * is {@code active} only if it verifies, is within its lifetime, comes from our issuer and names the calling AEF as
 * audience, and at least one of its APIs at that AEF (or the one named) passes the invoker, subscription, revocation
 * and policy checks; each such API counts as one invocation against its policy, and {@code scope} lists only those.
 * Certificate binding ({@code cnf}) is returned for the AEF to compare. Anything else is {@code {"active": false}}.
 */
@Path("/token-validator/v1/introspect")
public class IntrospectionResource {

    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private final DecisionPipeline pipeline;
    private final ValidatorReadiness readiness;

    public IntrospectionResource(DecisionPipeline pipeline, @Readiness ValidatorReadiness readiness) {
        this.pipeline = pipeline;
        this.readiness = readiness;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> introspect(
            @Context HttpServerRequest request, MultivaluedMap<String, String> form) {
        String aefId = Aefs.require(request).id();
        readiness.require();
        String token = single(form, "token");
        if (token == null) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_MISSING,
                    "Form parameter token is mandatory (RFC 7662 §2.1).",
                    new InvalidParam("token", "mandatory"));
        }
        String apiName = single(form, "api_name");
        return pipeline.introspect(aefId, token, apiName).map(result -> {
            if (!result.active()) {
                return INACTIVE;
            }
            AccessTokenClaims c = result.claims();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("active", true);
            answer.put("scope", CapifScope.of(result.activeScope()).toString());
            answer.put("client_id", c.clientId());
            answer.put("token_type", "Bearer");
            answer.put("exp", c.exp());
            answer.put("iat", c.iat());
            answer.put("sub", c.sub());
            answer.put("aud", c.aud());
            answer.put("iss", c.iss());
            answer.put("jti", c.jti());
            answer.put("cnf", Map.of("x5t#S256", c.x5tS256()));
            return answer;
        });
    }

    /** The parameter's one value, null if absent; a repeated parameter is a 400 (RFC 6749 §3.2 style). */
    private static String single(MultivaluedMap<String, String> form, String name) {
        List<String> values = form == null ? null : form.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_INCORRECT,
                    "Form parameter " + name + " must not be repeated.",
                    new InvalidParam(name, "repeated"));
        }
        return values.get(0);
    }
}
