package org.capif.invoker.onboarding;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Access to onboarded invokers. */
@ApplicationScoped
public class ApiInvokerRepository implements PanacheRepositoryBase<ApiInvoker, String> {

    /** Loads and row-locks an invoker, so concurrent changes to one invoker commit (and publish) one after another. */
    public Uni<ApiInvoker> findForUpdate(String apiInvokerId) {
        return findById(apiInvokerId, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<Boolean> keyInUse(String publicKeyFingerprint, String exceptInvokerId) {
        return count(
                        "publicKeyFingerprint = ?1 and apiInvokerId <> ?2",
                        publicKeyFingerprint,
                        exceptInvokerId == null ? "" : exceptInvokerId)
                .map(n -> n > 0);
    }
}
