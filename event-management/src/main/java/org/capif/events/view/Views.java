package org.capif.events.view;

import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.capif.common.api.ServiceAPIDescription;
import org.capif.common.event.EventCodec;
import org.capif.common.event.InvokerEvent;
import org.capif.common.event.ProviderEvent;
import org.capif.common.event.ProviderFunction;
import org.capif.common.event.ProviderStatus;
import org.capif.common.event.ServiceApiEvent;
import org.capif.common.event.SubscribedApi;

/**
 * Event management's views of the other services' facts (see {@code V1__views.sql}): each written only from its topic,
 * by a conditional upsert on the aggregate's sequence, so that replays and duplicates change nothing and tell the
 * caller to do nothing either; and the lookups the fan-out and the subscriber checks need.
 */
public final class Views {

    private static final TypeReference<List<SubscribedApi>> APIS = new TypeReference<>() {};

    /** A published (or unpublished) API as the view holds it. */
    public record Api(String apiId, String status, String apfId, String domainId, ServiceAPIDescription description) {}

    /** A registered provider function. */
    public record Function(String id, String domainId, String role, String thumbprint) {}

    /** An invoker as the view holds it. */
    public record Invoker(String id, String status, String thumbprint, List<SubscribedApi> apis) {}

    private Views() {}

    /** The invoker's row, locked for the caller's transaction (its previous subscriptions matter to the fan-out). */
    public static Uni<Optional<Invoker>> lockInvoker(SqlClient tx, String id) {
        return tx.preparedQuery("select api_invoker_id, status, certificate_thumbprint, apis from invoker_view"
                        + " where api_invoker_id = $1 for update")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(invoker(rows.iterator().next())));
    }

    public static Uni<Optional<Invoker>> invoker(SqlClient client, String id) {
        return client.preparedQuery("select api_invoker_id, status, certificate_thumbprint, apis from invoker_view"
                        + " where api_invoker_id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(invoker(rows.iterator().next())));
    }

    /** Applies an invoker event if it is newer than the view's; true if it was. */
    public static Uni<Boolean> apply(SqlClient tx, InvokerEvent e) {
        return tx.preparedQuery("insert into invoker_view (api_invoker_id, status, certificate_thumbprint, apis,"
                        + " sequence, updated_at) values ($1, $2, $3, $4, $5, now()) on conflict (api_invoker_id) do"
                        + " update set status = excluded.status, certificate_thumbprint ="
                        + " excluded.certificate_thumbprint, apis = excluded.apis, sequence = excluded.sequence,"
                        + " updated_at = excluded.updated_at where invoker_view.sequence < excluded.sequence")
                .execute(Tuple.from(Arrays.asList(
                        e.apiInvokerId(),
                        e.status().name(),
                        e.certificateThumbprint(),
                        EventCodec.encode(e.apis() == null ? List.of() : e.apis()),
                        e.sequence())))
                .map(rows -> rows.rowCount() > 0);
    }

    /**
     * Applies a provider event if it is newer than the view's: the domain's functions become exactly those of the
     * event (none once deregistered). Returns the ids of the functions it removed, or empty if it was not newer.
     */
    public static Uni<Optional<List<String>>> apply(SqlClient tx, ProviderEvent e) {
        return tx.preparedQuery("insert into provider_domain_view (api_prov_dom_id, sequence, updated_at) values ($1,"
                        + " $2, now()) on conflict (api_prov_dom_id) do update set sequence = excluded.sequence,"
                        + " updated_at = excluded.updated_at where provider_domain_view.sequence < excluded.sequence")
                .execute(Tuple.of(e.apiProvDomId(), e.sequence()))
                .chain(applied -> {
                    if (applied.rowCount() == 0) {
                        return Uni.createFrom().item(Optional.<List<String>>empty());
                    }
                    List<ProviderFunction> now =
                            e.status() == ProviderStatus.REGISTERED ? e.functions() : List.<ProviderFunction>of();
                    return tx.preparedQuery("delete from provider_function_view where api_prov_dom_id = $1 returning"
                                    + " api_prov_func_id")
                            .execute(Tuple.of(e.apiProvDomId()))
                            .chain(deleted -> {
                                List<String> removed = new ArrayList<>();
                                deleted.forEach(r -> removed.add(r.getString(0)));
                                removed.removeAll(now.stream()
                                        .map(ProviderFunction::apiProvFuncId)
                                        .toList());
                                if (now.isEmpty()) {
                                    return Uni.createFrom().item(Optional.of(removed));
                                }
                                return tx.preparedQuery("insert into provider_function_view (api_prov_func_id,"
                                                + " api_prov_dom_id, role, certificate_thumbprint) values ($1, $2, $3,"
                                                + " $4) on conflict (api_prov_func_id) do update set api_prov_dom_id ="
                                                + " excluded.api_prov_dom_id, role = excluded.role,"
                                                + " certificate_thumbprint = excluded.certificate_thumbprint")
                                        .executeBatch(now.stream()
                                                .map(f -> Tuple.of(
                                                        f.apiProvFuncId(),
                                                        e.apiProvDomId(),
                                                        f.role().name(),
                                                        f.certificateThumbprint()))
                                                .toList())
                                        .replaceWith(Optional.of(removed));
                            });
                });
    }

    /** The API's row before a change, locked for the caller's transaction. */
    public static Uni<Optional<Api>> lockApi(SqlClient tx, String apiId) {
        return tx.preparedQuery("select api_id, status, apf_id, api_prov_dom_id, description from service_api_view"
                        + " where api_id = $1 for update")
                .execute(Tuple.of(apiId))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(api(rows.iterator().next())));
    }

    /** Applies a service API event if it is newer than the view's; true if it was. */
    public static Uni<Boolean> apply(SqlClient tx, ServiceApiEvent e) {
        return tx.preparedQuery("insert into service_api_view (api_id, status, apf_id, api_prov_dom_id, api_name,"
                        + " aef_ids, description, sequence, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, now())"
                        + " on conflict (api_id) do update set status = excluded.status, apf_id = excluded.apf_id,"
                        + " api_prov_dom_id = excluded.api_prov_dom_id, api_name = excluded.api_name, aef_ids ="
                        + " excluded.aef_ids, description = excluded.description, sequence = excluded.sequence,"
                        + " updated_at = excluded.updated_at where service_api_view.sequence < excluded.sequence")
                .execute(Tuple.from(Arrays.asList(
                        e.apiId(),
                        e.status().name(),
                        e.apfId(),
                        e.apiProvDomId(),
                        e.description().apiName(),
                        aefIds(e.description()).toArray(String[]::new),
                        EventCodec.encode(e.description()),
                        e.sequence())))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Records the sequence of an aggregate that has no view; true if it is newer than the last one applied. */
    public static Uni<Boolean> applied(SqlClient tx, String topic, String key, long sequence) {
        return tx.preparedQuery("insert into applied_sequence (topic, aggregate_key, sequence) values ($1, $2, $3) on"
                        + " conflict (topic, aggregate_key) do update set sequence = excluded.sequence where"
                        + " applied_sequence.sequence < excluded.sequence")
                .execute(Tuple.of(topic, key, sequence))
                .map(rows -> rows.rowCount() > 0);
    }

    /** The APIs the view holds among {@code apiIds}, by id. */
    public static Uni<Map<String, Api>> apis(SqlClient client, Collection<String> apiIds) {
        if (apiIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery("select api_id, status, apf_id, api_prov_dom_id, description from service_api_view"
                        + " where api_id = any($1)")
                .execute(Tuple.of(apiIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Api> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getString("api_id"), api(r)));
                    return out;
                });
    }

    /** The API published under this name at this AEF now, if any. */
    public static Uni<Optional<Api>> publishedAt(SqlClient client, String aefId, String apiName) {
        return client.preparedQuery("select api_id, status, apf_id, api_prov_dom_id, description from service_api_view"
                        + " where status = 'PUBLISHED' and api_name = $1 and $2 = any(aef_ids) limit 1")
                .execute(Tuple.of(apiName, aefId))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(api(rows.iterator().next())));
    }

    /** The registered functions among {@code ids}, by id. */
    public static Uni<Map<String, Function>> functions(SqlClient client, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery("select api_prov_func_id, api_prov_dom_id, role, certificate_thumbprint from"
                        + " provider_function_view where api_prov_func_id = any($1)")
                .execute(Tuple.of(ids.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Function> out = new HashMap<>();
                    rows.forEach(r -> out.put(
                            r.getString(0),
                            new Function(r.getString(0), r.getString(1), r.getString(2), r.getString(3))));
                    return out;
                });
    }

    public static Uni<Optional<Function>> function(SqlClient client, String id) {
        return functions(client, List.of(id)).map(m -> Optional.ofNullable(m.get(id)));
    }

    /** Every AEF id the API's profiles name. */
    public static List<String> aefIds(ServiceAPIDescription d) {
        return d.aefProfiles() == null
                ? List.of()
                : d.aefProfiles().stream()
                        .filter(p -> p != null && p.aefId() != null)
                        .map(p -> p.aefId())
                        .distinct()
                        .toList();
    }

    private static Api api(Row r) {
        return new Api(
                r.getString("api_id"),
                r.getString("status"),
                r.getString("apf_id"),
                r.getString("api_prov_dom_id"),
                EventCodec.decode(r.getString("description"), ServiceAPIDescription.class));
    }

    private static Invoker invoker(Row r) {
        return new Invoker(
                r.getString("api_invoker_id"),
                r.getString("status"),
                r.getString("certificate_thumbprint"),
                EventCodec.decode(r.getString("apis"), APIS));
    }
}
