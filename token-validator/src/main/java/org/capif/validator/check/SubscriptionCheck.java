package org.capif.validator.check;

import java.util.Optional;
import org.capif.common.event.SubscribedApi;
import org.capif.validator.state.Reason;
import org.capif.validator.state.ValidatorState;

/**
 * The API is usable by this invoker at the calling AEF now (TS 29.222 §8.2: what the API publishing function publishes
 * is what may be invoked), by the authorization function's rule ({@link ValidatorState#subscriptions}):
 *
 * <ol>
 *   <li>if an API of this name is published and active at the AEF, the invoker's subscription must be to that
 *       {@code apiId}, else {@code API_NOT_SUBSCRIBED};
 *   <li>if none is, only a subscription to an API the validator has never heard of (its event may not have arrived
 *       yet; the invoker event's entry stands) is usable; otherwise {@code API_NOT_PUBLISHED} if the invoker had
 *       subscribed to an API of that name there (unpublished, removed from the AEF, renamed), else
 *       {@code API_NOT_SUBSCRIBED}.
 * </ol>
 *
 * Runs after {@link InvokerCheck}, so the invoker is known and active.
 */
public final class SubscriptionCheck implements InvocationCheck {

    private final ValidatorState state;

    public SubscriptionCheck(ValidatorState state) {
        this.state = state;
    }

    @Override
    public Reason check(Invocation i) {
        ValidatorState.InvokerState invoker = state.invoker(i.claims().sub());
        Optional<String> published = state.publishedApis().apiAt(i.aefId(), i.apiName());
        boolean usable = false;
        for (SubscribedApi s : state.subscriptions(invoker)) {
            if (s.aefId().equals(i.aefId())
                    && s.apiName().equals(i.apiName())
                    && published.map(s.apiId()::equals).orElse(true)) {
                usable = true;
                break;
            }
        }
        if (usable) {
            return null;
        }
        if (published.isEmpty() && invoker.subscribed(i.aefId(), i.apiName())) {
            return Reason.API_NOT_PUBLISHED;
        }
        return Reason.API_NOT_SUBSCRIBED;
    }
}
