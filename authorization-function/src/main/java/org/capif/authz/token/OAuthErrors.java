package org.capif.authz.token;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.ProblemResponses;

/**
 * How the OAuth 2.0 endpoints (token, revocation) answer a refusal: {@link AccessTokenErr} with
 * {@code Cache-Control: no-store} (RFC 6749 §5.2). A request the shared edge checks refuse as malformed (a form body
 * that is not valid percent-encoded UTF-8, a path identifier outside the identifier alphabet: a 400) is
 * {@code invalid_request} here too; anything else the edge answers (415 for another media type, as the TS 29.222 YAML
 * declares; 413; 503) stays a ProblemDetails.
 */
final class OAuthErrors {

    private OAuthErrors() {}

    static Response of(TokenError e) {
        return Response.status(e.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(e.body())
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }

    static Response of(CapifException e) {
        if (e.status() == 400) {
            return of(TokenError.of(TokenError.INVALID_REQUEST, e.getMessage()));
        }
        return ProblemResponses.of(e);
    }
}
