package org.capif.validator.decision;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to one invocation: {@code ALLOW} or {@code DENY}, the reason code (docs/errors.md), the invoker (once the
 * token verified) and the token's remaining lifetime in seconds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DecisionResponse(String decision, String reason, String apiInvokerId, Long expiresIn) {

    static DecisionResponse of(Decision d) {
        return new DecisionResponse(
                d.allowed() ? "ALLOW" : "DENY",
                d.reason().name(),
                d.apiInvokerId(),
                d.allowed() ? d.expiresIn() : null);
    }
}
