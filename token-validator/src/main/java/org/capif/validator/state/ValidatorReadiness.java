package org.capif.validator.state;

import jakarta.enterprise.context.ApplicationScoped;
import org.capif.common.problem.CapifException;
import org.capif.validator.aef.LocalRevocations;
import org.capif.validator.jwks.JwksKeys;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready (and so not sent decisions) until the state has caught up with the topics, the verification keys are
 * loaded and stored revocations are applied: a validator that answered earlier could allow a revoked token.
 */
@Readiness
@ApplicationScoped
public class ValidatorReadiness implements HealthCheck {

    private final StateConsumer state;
    private final JwksKeys keys;
    private final LocalRevocations revocations;

    public ValidatorReadiness(StateConsumer state, JwksKeys keys, LocalRevocations revocations) {
        this.state = state;
        this.keys = keys;
        this.revocations = revocations;
    }

    /** True once the state has caught up with the topics and the keys and local revocations are loaded. */
    public boolean ready() {
        return state.caughtUp() && keys.loaded() && revocations.loaded();
    }

    /**
     * Refuses to answer (503, {@code Retry-After}) before {@link #ready()}: an answer from a half-read state could allow
     * a token whose revocation has not been read yet.
     */
    public void require() {
        if (!ready()) {
            throw CapifException.serviceUnavailable(
                    "The validator is still reading its state (topics, keys, revocations); retry shortly.");
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Validator state")
                .status(ready())
                .withData("topicsCaughtUp", state.caughtUp())
                .withData("keysLoaded", keys.loaded())
                .withData("revocationsLoaded", revocations.loaded())
                .build();
    }
}
