package org.capif.authz.state;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the decision data is in memory and change notifications are being received. */
@Readiness
@ApplicationScoped
public class AuthorizationStateReadiness implements HealthCheck {

    private final AuthorizationState state;

    public AuthorizationStateReadiness(AuthorizationState state) {
        this.state = state;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Authorization state")
                .status(state.ready())
                .build();
    }
}
