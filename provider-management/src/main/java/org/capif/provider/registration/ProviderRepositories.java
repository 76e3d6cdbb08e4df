package org.capif.provider.registration;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Access to registered provider domains, their functions and the spent-credential ledger. */
public final class ProviderRepositories {

    private ProviderRepositories() {}

    /** Provider domains. */
    @ApplicationScoped
    public static class Domains implements PanacheRepositoryBase<ProviderDomain, String> {

        /** Loads and row-locks a domain, so concurrent changes to one domain commit (and publish) in order. */
        public Uni<ProviderDomain> findForUpdate(String apiProvDomId) {
            return findById(apiProvDomId, LockModeType.PESSIMISTIC_WRITE);
        }
    }

    /** Provider functions. */
    @ApplicationScoped
    public static class Functions implements PanacheRepositoryBase<RegisteredFunction, String> {

        /** Whether a key is certified for a function other than those of {@code exceptDomainId}. */
        public Uni<Boolean> keyInUseElsewhere(String publicKeyFingerprint, String exceptDomainId) {
            return count(
                            "publicKeyFingerprint = ?1 and domain.apiProvDomId <> ?2",
                            publicKeyFingerprint,
                            exceptDomainId == null ? "" : exceptDomainId)
                    .map(n -> n > 0);
        }
    }

    /** The ledger of spent registration credentials. */
    @ApplicationScoped
    public static class UsedCredentials implements PanacheRepositoryBase<UsedRegistrationCredential, String> {}
}
