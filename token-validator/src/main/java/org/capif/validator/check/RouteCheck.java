package org.capif.validator.check;

import java.util.Optional;
import org.capif.common.api.AefProfile;
import org.capif.common.event.ServiceApiEvent;
import org.capif.validator.state.Reason;
import org.capif.validator.state.ValidatorState;

/**
 * The method and path invoked are a route of the API at the calling AEF ({@link PublishedRoutes}), so a token for API
 * X cannot call a path of API Y behind the same gateway. Only when the caller names the route (every gateway request;
 * a decision with {@code operation} and {@code resource}); runs after {@link SubscriptionCheck}.
 */
public final class RouteCheck implements InvocationCheck {

    private final ValidatorState state;

    public RouteCheck(ValidatorState state) {
        this.state = state;
    }

    @Override
    public Reason check(Invocation i) {
        if (i.method() == null) {
            return null;
        }
        Optional<String> apiId = state.publishedApis().apiAt(i.aefId(), i.apiName());
        if (apiId.isEmpty()) {
            // a subscription to an API whose publication has not reached the validator yet (SubscriptionCheck)
            return PublishedRoutes.allowsUnpublished(i.apiName(), i.method(), i.path())
                    ? null
                    : Reason.ROUTE_NOT_PUBLISHED;
        }
        Optional<ServiceApiEvent> api = state.publishedApis().api(apiId.get());
        Optional<AefProfile> profile = state.publishedApis().profile(apiId.get(), i.aefId());
        return api.isPresent()
                        && profile.isPresent()
                        && PublishedRoutes.allows(api.get(), profile.get(), i.method(), i.path())
                ? null
                : Reason.ROUTE_NOT_PUBLISHED;
    }
}
