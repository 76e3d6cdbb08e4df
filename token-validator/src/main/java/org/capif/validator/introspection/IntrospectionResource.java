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
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.capif.common.jose.AccessTokenClaims;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.problem.InvalidParam;
import org.capif.common.scope.CapifScope;
import org.capif.validator.ValidatorConfig;
import org.capif.validator.aef.Aefs;
import org.capif.validator.check.AudienceCheck;
import org.capif.validator.check.Invocation;
import org.capif.validator.check.InvokerCheck;
import org.capif.validator.check.IssuerCheck;
import org.capif.validator.check.RevocationCheck;
import org.capif.validator.check.TimeCheck;
import org.capif.validator.check.TokenVerifier;
import org.capif.validator.state.Reason;
import org.capif.validator.state.ValidatorReadiness;
import org.capif.validator.state.ValidatorState;
import org.eclipse.microprofile.health.Readiness;

/**
 * RFC 7662 token introspection for AEFs that speak standard OAuth: {@code POST /token-validator/v1/introspect}, form
 * {@code token}. The token is {@code active} only if it verifies, is within its lifetime, comes from our issuer, names
 * the calling AEF as audience, its invoker is active and still holds the certificate the token is bound to, and the
 * token is not revoked; the answered {@code scope} keeps only this AEF's APIs the invoker is still subscribed to and
 * whose authorization is not revoked. Certificate binding ({@code cnf}) is returned for the AEF
 * to compare, and no invocation policy is applied (no API is named). Anything else is {@code {"active": false}}.
 */
@Path("/token-validator/v1/introspect")
public class IntrospectionResource {

    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private final TokenVerifier verifier;
    private final ValidatorState state;
    private final Clock clock;
    private final List<org.capif.validator.check.InvocationCheck> checks;

    private final ValidatorReadiness readiness;

    public IntrospectionResource(
            TokenVerifier verifier,
            ValidatorState state,
            @Readiness ValidatorReadiness readiness,
            ValidatorConfig config,
            Clock clock) {
        this.verifier = verifier;
        this.readiness = readiness;
        this.state = state;
        this.clock = clock;
        this.checks = List.of(
                new TimeCheck(config.token().maxLifetime()),
                new IssuerCheck(config.token().issuer()),
                new AudienceCheck(),
                new InvokerCheck(state));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> introspect(
            @Context HttpServerRequest request, MultivaluedMap<String, String> form) {
        String aefId = Aefs.require(request).id();
        readiness.require();
        String token = form == null ? null : form.getFirst("token");
        if (token == null) {
            throw CapifException.badRequest(
                    Causes.MANDATORY_IE_MISSING,
                    "Form parameter token is mandatory (RFC 7662 §2.1).",
                    new InvalidParam("token", "mandatory"));
        }
        Instant now = clock.instant();
        return verifier.verify(token).map(v -> {
            if (v.reason() != Reason.OK) {
                return INACTIVE;
            }
            AccessTokenClaims c = v.claims();
            Invocation invocation = new Invocation(c, aefId, null, null, now);
            for (var check : checks) {
                if (check.check(invocation) != null) {
                    return INACTIVE;
                }
            }
            RevocationCheck revocation = new RevocationCheck(state);
            ValidatorState.InvokerState invoker = state.invoker(c.sub());
            List<Map.Entry<String, String>> valid = c.scope().pairs().stream()
                    .filter(p -> p.getKey().equals(aefId))
                    .filter(p -> invoker.subscribed(aefId, p.getValue()))
                    .filter(p -> revocation.check(new Invocation(c, aefId, p.getValue(), null, now)) == null)
                    .toList();
            if (valid.isEmpty()) {
                return INACTIVE;
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("active", true);
            answer.put("scope", CapifScope.of(valid).toString());
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
}
