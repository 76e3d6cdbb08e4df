package org.capif.events.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.capif.common.api.InterfaceDescription;
import org.capif.common.api.InvocationLog;
import org.capif.common.api.Log;
import org.capif.common.cert.CapifRole;
import org.capif.common.event.EventCodec;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;
import org.capif.events.EventsConfig;
import org.capif.events.view.Peers;
import org.capif.events.view.Views;

/**
 * TS 29.222 CAPIF_Auditing_API, {@code GET /logs/v1/apiInvocationLogs}: an AMF (its current certificate; 403
 * {@code ROLE_NOT_ALLOWED} for any other role) queries the invocation logs of its own API provider domain only: every
 * query is limited to the logs of the domain's AEFs, and an {@code aef-id} outside it is 403 {@code RESOURCE_NOT_OWNED}
 * (unknown and foreign AEFs alike). The answer is {@code InvocationLogs}, one {@code InvocationLog} per AEF and invoker
 * in the order of the logs, a page at a time ({@link AuditQuery}); no log is 404 {@code INVOCATION_LOG_NOT_FOUND}
 * (both schemas of the answer need at least one).
 */
@Path("/logs/v1/apiInvocationLogs")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    /** TS 29.222 §8.16.4.2.2 {@code InvocationLogs}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InvocationLogs(List<InvocationLog> multipleInvocationLogs, String supportedFeatures) {}

    private final Pool pool;
    private final Peers peers;
    private final ObjectMapper json;
    private final EventsConfig.Audit settings;
    private final String apiRoot;

    public AuditResource(Pool pool, Peers peers, ObjectMapper json, EventsConfig config) {
        this.pool = pool;
        this.peers = peers;
        this.json = json;
        this.settings = config.audit();
        this.apiRoot = config.apiRoot().replaceAll("/+$", "");
    }

    @GET
    public Uni<Response> query(@Context HttpServerRequest request, @Context UriInfo uri) {
        AuthenticatedPeer amf = PeerCertificates.require(request, CapifRole.AMF);
        AuditQuery query =
                AuditQuery.parse(uri.getQueryParameters(), json, settings.defaultPageSize(), settings.maxPageSize());
        return peers.current(amf)
                .call(party -> query.aefId == null
                        ? Uni.createFrom().voidItem()
                        : Views.function(pool, query.aefId).invoke(aef -> {
                            if (aef.isEmpty()
                                    || !"AEF".equals(aef.get().role())
                                    || !aef.get().domainId().equals(party.domainId())) {
                                throw CapifException.forbidden(
                                        Causes.RESOURCE_NOT_OWNED,
                                        "An AMF may audit only the AEFs of its own API provider domain.");
                            }
                        }))
                .chain(party -> {
                    AuditQuery.Sql sql = query.sql(party.domainId());
                    return pool.preparedQuery(sql.text()).execute(Tuple.from(sql.params()));
                })
                .map(rows -> {
                    List<Row> page = new ArrayList<>();
                    rows.forEach(page::add);
                    if (page.isEmpty()) {
                        throw CapifException.notFound(
                                Causes.INVOCATION_LOG_NOT_FOUND, "No invocation log matches the query.");
                    }
                    boolean more = page.size() > query.limit;
                    if (more) {
                        page = page.subList(0, query.limit);
                    }
                    Response.ResponseBuilder answer = Response.ok(new InvocationLogs(group(page), null));
                    if (more) {
                        Row last = page.get(page.size() - 1);
                        answer.header(
                                "Link",
                                "<"
                                        + next(
                                                query,
                                                AuditQuery.token(
                                                        last.getOffsetDateTime("invocation_time"), last.getLong("id")))
                                        + ">; rel=\"next\"");
                    }
                    return answer.build();
                });
    }

    /** One {@code InvocationLog} per (AEF, invoker), in the order the first log of each appears. */
    private static List<InvocationLog> group(List<Row> rows) {
        Map<String, List<Log>> groups = new LinkedHashMap<>();
        Map<String, String[]> keys = new LinkedHashMap<>();
        for (Row r : rows) {
            String key = r.getString("aef_id") + "\n" + r.getString("api_invoker_id");
            keys.putIfAbsent(key, new String[] {r.getString("aef_id"), r.getString("api_invoker_id")});
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(log(r));
        }
        List<InvocationLog> out = new ArrayList<>();
        groups.forEach((key, logs) -> out.add(new InvocationLog(keys.get(key)[0], keys.get(key)[1], logs, null)));
        return out;
    }

    private static Log log(Row r) {
        OffsetDateTime time = r.getOffsetDateTime("invocation_time");
        return new Log(
                r.getString("api_id"),
                r.getString("api_name"),
                r.getString("api_version"),
                r.getString("resource_name"),
                r.getString("uri"),
                r.getString("protocol"),
                r.getString("operation"),
                r.getString("result"),
                time,
                r.getLong("invocation_latency"),
                tree(r.getString("input_parameters")),
                tree(r.getString("output_parameters")),
                iface(r.getString("src_interface")),
                iface(r.getString("dest_interface")),
                r.getString("fwd_interface"));
    }

    private static JsonNode tree(String json) {
        return json == null ? null : EventCodec.decode(json, JsonNode.class);
    }

    private static InterfaceDescription iface(String json) {
        return json == null ? null : EventCodec.decode(json, InterfaceDescription.class);
    }

    private String next(AuditQuery query, String token) {
        Map<String, String> params = new TreeMap<>(query.given);
        params.put("page-token", token);
        params.put("limit", String.valueOf(query.limit));
        StringBuilder sb = new StringBuilder(apiRoot + "/logs/v1/apiInvocationLogs");
        char sep = '?';
        for (Map.Entry<String, String> p : params.entrySet()) {
            sb.append(sep)
                    .append(p.getKey())
                    .append('=')
                    .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return sb.toString();
    }
}
