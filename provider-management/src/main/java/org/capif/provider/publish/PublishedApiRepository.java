package org.capif.provider.publish;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;

/**
 * Access to published service APIs. The {@code service_api_aef} rows (one per AEF exposing an API, unique per AEF and
 * API name) are written with plain SQL next to the entity, in the same transaction.
 */
@ApplicationScoped
public class PublishedApiRepository implements PanacheRepositoryBase<PublishedApi, String> {

    /** Loads and row-locks an API, so concurrent changes to one API commit (and publish) one after another. */
    public Uni<PublishedApi> findForUpdate(String apiId) {
        return findById(apiId, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<List<PublishedApi>> ofApf(String apfId) {
        return list("apfId", Sort.by("createdAt").and("apiId"), apfId);
    }

    /** The APIs of a domain, locked, in a stable order. */
    public Uni<List<PublishedApi>> ofDomainForUpdate(String apiProvDomId) {
        return find("apiProvDomId", Sort.by("apiId"), apiProvDomId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /** Records which AEFs expose the API under its name (replacing what was recorded). */
    public Uni<Void> exposeAt(String apiId, String apiName, List<String> aefIds) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("delete from service_api_aef where api_id = :id")
                        .setParameter("id", apiId)
                        .executeUpdate()
                        .chain(() -> {
                            Uni<Integer> all = Uni.createFrom().item(0);
                            for (String aefId : aefIds) {
                                all = all.chain(() -> session.createNativeQuery(
                                                "insert into service_api_aef (api_id, aef_id, api_name)"
                                                        + " values (:id, :aef, :name)")
                                        .setParameter("id", apiId)
                                        .setParameter("aef", aefId)
                                        .setParameter("name", apiName)
                                        .executeUpdate());
                            }
                            return all;
                        })
                        .chain(session::flush))
                .replaceWithVoid();
    }
}
