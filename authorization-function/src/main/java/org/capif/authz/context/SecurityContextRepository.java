package org.capif.authz.context;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;

/** Access to security contexts. */
@ApplicationScoped
public class SecurityContextRepository implements PanacheRepositoryBase<SecurityContext, String> {

    /**
     * The invoker's context row, created empty if absent, row-locked for the rest of the transaction: concurrent
     * changes of one invoker's context commit, and publish, one after another.
     */
    public Uni<SecurityContext> lockOrCreate(String apiInvokerId, Instant now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                """
                                insert into security_context (api_invoker_id, security_info, revocations,
                                    revoked_authorizations, version, created_at, updated_at)
                                values (:id, '[]', '[]', '[]', 0, :now, :now)
                                on conflict (api_invoker_id) do nothing
                                """)
                        .setParameter("id", apiInvokerId)
                        .setParameter("now", now)
                        .executeUpdate())
                .chain(() -> findById(apiInvokerId, LockModeType.PESSIMISTIC_WRITE));
    }

    public Uni<SecurityContext> lock(String apiInvokerId) {
        return findById(apiInvokerId, LockModeType.PESSIMISTIC_WRITE);
    }
}
