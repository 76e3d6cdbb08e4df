package org.capif.authz.invoker;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.capif.common.event.InvokerStatus;
import org.capif.common.event.SubscribedApi;

/**
 * What the authorization function knows of an invoker, from the invoker events: status, pinned certificate and
 * subscription. Immutable; the in-memory state swaps whole values.
 *
 * @param certificateThumbprint {@code x5t#S256} of the invoker's current client certificate
 * @param apis the subscribed service APIs
 * @param sequence the sequence of the last applied event
 */
public record InvokerView(
        String apiInvokerId,
        InvokerStatus status,
        String certificateThumbprint,
        Instant certificateNotAfter,
        List<SubscribedApi> apis,
        long sequence) {

    public boolean active() {
        return status == InvokerStatus.ACTIVE;
    }

    /** The subscribed API with this id at this AEF. */
    public Optional<SubscribedApi> api(String aefId, String apiId) {
        return apis.stream()
                .filter(a -> a.aefId().equals(aefId) && a.apiId().equals(apiId))
                .findFirst();
    }

    /** The subscribed API with this name at this AEF (the token scope names APIs by name). */
    public Optional<SubscribedApi> apiByName(String aefId, String apiName) {
        return apis.stream()
                .filter(a -> a.aefId().equals(aefId) && a.apiName().equals(apiName))
                .findFirst();
    }
}
