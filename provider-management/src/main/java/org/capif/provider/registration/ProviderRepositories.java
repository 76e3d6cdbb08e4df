package org.capif.provider.registration;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Access to registered provider domains, their functions and the spent-credential ledger. */
public final class ProviderRepositories {

    private ProviderRepositories() {}

    /** Provider domains. */
    @ApplicationScoped
    public static class Domains implements PanacheRepositoryBase<ProviderDomain, String> {

        /**
         * Row-locks and loads a domain, so concurrent changes to one domain commit (and publish) in order. The lock is
         * taken with plain SQL first: the domain may already be in the session (loaded with the caller's function),
         * and Hibernate Reactive's lock statement for a managed entity names the attribute, not the column.
         */
        public Uni<ProviderDomain> findForUpdate(String apiProvDomId) {
            return Panache.getSession()
                    .chain(s -> s.createNativeQuery(
                                    "select api_prov_dom_id from provider_domain where api_prov_dom_id = :id for update",
                                    String.class)
                            .setParameter("id", apiProvDomId)
                            .getResultList())
                    .chain(locked -> locked.isEmpty() ? Uni.createFrom().nullItem() : findById(apiProvDomId));
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
