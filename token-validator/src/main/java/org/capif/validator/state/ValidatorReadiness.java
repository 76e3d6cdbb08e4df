package org.capif.validator.state;

import jakarta.enterprise.context.ApplicationScoped;
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

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Validator state")
                .status(state.caughtUp() && keys.loaded() && revocations.loaded())
                .withData("topicsCaughtUp", state.caughtUp())
                .withData("keysLoaded", keys.loaded())
                .withData("revocationsLoaded", revocations.loaded())
                .build();
    }
}
