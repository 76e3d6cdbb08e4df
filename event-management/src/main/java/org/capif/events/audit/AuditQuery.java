package org.capif.events.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.capif.common.api.InterfaceDescription;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.event.EventCodec;
import org.capif.common.http.RequestEdgeFilter;
import org.capif.common.problem.FieldErrors;

/**
 * The filters of a TS 29.222 CAPIF_Auditing_API query ({@code GET /logs/v1/apiInvocationLogs}), parsed and checked,
 * and the SQL that applies them within one API provider domain. Our extensions: {@code limit} (logs per page) and
 * {@code page-token} (where the previous page ended; the answer's {@code Link: <...>; rel="next"} carries it), since
 * the YAML defines no paging and a query over months of logs must not answer millions of rows at once. Results are
 * ordered by invocation time, then storage order; {@code time-range-end} is exclusive.
 */
public final class AuditQuery {

    /** The query parameters of the YAML, and ours. */
    static final Set<String> PARAMETERS = Set.of(
            "aef-id",
            "api-invoker-id",
            "time-range-start",
            "time-range-end",
            "api-id",
            "api-name",
            "api-version",
            "protocol",
            "operation",
            "result",
            "resource-name",
            "src-interface",
            "dest-interface",
            "supported-features",
            "limit",
            "page-token");

    /** The parameters that hold CAPIF identifiers. */
    private static final List<String> IDENTIFIERS = List.of("aef-id", "api-invoker-id");

    private static final Pattern TOKEN = Pattern.compile("^(-?\\d{1,19})\\.(\\d{1,19})$");

    /** Filters by exact column value. */
    private static final Map<String, String> COLUMNS = Map.of(
            "api-invoker-id", "api_invoker_id",
            "api-id", "api_id",
            "api-name", "api_name",
            "api-version", "api_version",
            "protocol", "protocol",
            "operation", "operation",
            "result", "result",
            "resource-name", "resource_name");

    final String aefId;
    final Map<String, String> exact = new LinkedHashMap<>();
    final OffsetDateTime start;
    final OffsetDateTime end;
    final String srcInterface;
    final String destInterface;
    final int limit;
    final Long afterMicros;
    final Long afterId;
    final Map<String, String> given;

    private AuditQuery(Map<String, String> p, ObjectMapper json, int defaultLimit, int maxLimit, FieldErrors errors) {
        given = p;
        aefId = id(p.get("aef-id"), "aef-id", errors);
        for (Map.Entry<String, String> c : COLUMNS.entrySet()) {
            String v = p.get(c.getKey());
            if (v != null) {
                if (v.isEmpty() || v.length() > 256) {
                    errors.incorrect(c.getKey(), "1 to 256 characters");
                } else {
                    exact.put(c.getValue(), v);
                }
            }
        }
        start = time(p.get("time-range-start"), "time-range-start", errors);
        end = time(p.get("time-range-end"), "time-range-end", errors);
        srcInterface = iface(p.get("src-interface"), "src-interface", json, errors);
        destInterface = iface(p.get("dest-interface"), "dest-interface", json, errors);
        errors.supportedFeatures(p.get("supported-features"), "supported-features");
        int l = defaultLimit;
        if (p.get("limit") != null) {
            try {
                l = Integer.parseInt(p.get("limit"));
                if (l < 1 || l > maxLimit) {
                    errors.incorrect("limit", "1 to " + maxLimit);
                }
            } catch (NumberFormatException e) {
                errors.incorrect("limit", "an integer from 1 to " + maxLimit);
            }
        }
        limit = l;
        Long micros = null;
        Long id = null;
        String token = p.get("page-token");
        if (token != null) {
            String decoded;
            try {
                decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            var m = TOKEN.matcher(decoded);
            if (m.matches()) {
                try {
                    micros = Long.parseLong(m.group(1));
                    id = Long.parseLong(m.group(2));
                } catch (NumberFormatException e) {
                    micros = null;
                }
            }
            if (micros == null) {
                errors.incorrect("page-token", "not a page token of this API");
            }
        }
        afterMicros = micros;
        afterId = id;
    }

    /**
     * Parses the query parameters (each at most once: 400 otherwise); unknown parameters are ignored (TS 29.501
     * §5.2.3: extensibility).
     */
    public static AuditQuery parse(Map<String, List<String>> query, ObjectMapper json, int defaultLimit, int maxLimit) {
        FieldErrors errors = new FieldErrors();
        Map<String, String> single = new HashMap<>();
        query.forEach((name, values) -> {
            if (!PARAMETERS.contains(name)) {
                return;
            }
            if (values.size() != 1) {
                errors.incorrect(name, "must be given once");
            } else if (values.get(0).length() > 2048) {
                errors.incorrect(name, "too long");
            } else {
                single.put(name, values.get(0));
            }
        });
        // the identifiers are refused as at the edge of every other operation (INVALID_IDENTIFIER)
        for (String name : IDENTIFIERS) {
            String value = single.get(name);
            if (value != null && !value.isEmpty()) {
                RequestEdgeFilter.identifier(name, value);
            }
        }
        AuditQuery q = new AuditQuery(single, json, defaultLimit, maxLimit, errors);
        errors.throwIfAny();
        return q;
    }

    /** The SQL and its parameters for one page (one row more than the page, to know whether another follows). */
    record Sql(String text, List<Object> params) {}

    Sql sql(String domainId) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder("api_prov_dom_id = $1");
        params.add(domainId);
        if (aefId != null) {
            params.add(aefId);
            where.append(" and aef_id = $").append(params.size());
        }
        exact.forEach((column, value) -> {
            params.add(value);
            where.append(" and ").append(column).append(" = $").append(params.size());
        });
        if (start != null) {
            params.add(start);
            where.append(" and invocation_time >= $").append(params.size());
        }
        if (end != null) {
            params.add(end);
            where.append(" and invocation_time < $").append(params.size());
        }
        if (srcInterface != null) {
            params.add(srcInterface);
            where.append(" and src_interface @> $").append(params.size()).append("::text::jsonb");
        }
        if (destInterface != null) {
            params.add(destInterface);
            where.append(" and dest_interface @> $").append(params.size()).append("::text::jsonb");
        }
        if (afterMicros != null) {
            params.add(java.time.Instant.EPOCH
                    .plus(afterMicros, java.time.temporal.ChronoUnit.MICROS)
                    .atOffset(java.time.ZoneOffset.UTC));
            int t = params.size();
            params.add(afterId);
            where.append(" and (invocation_time, id) > ($")
                    .append(t)
                    .append(", $")
                    .append(params.size())
                    .append(")");
        }
        params.add(limit + 1);
        return new Sql(
                "select id, aef_id, api_invoker_id, api_id, api_name, api_version, resource_name, uri, protocol,"
                        + " operation, result, invocation_time, invocation_latency, input_parameters,"
                        + " output_parameters, src_interface::text, dest_interface::text, fwd_interface,"
                        + " supported_features from invocation_log where " + where
                        + " order by invocation_time, id limit $" + params.size(),
                params);
    }

    /** The page token that continues after a row. */
    static String token(OffsetDateTime time, long id) {
        long micros = java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, time.toInstant());
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((micros + "." + id).getBytes(StandardCharsets.UTF_8));
    }

    private static String id(String value, String name, FieldErrors errors) {
        if (value != null && !CapifIdentity.ID_PATTERN.matcher(value).matches()) {
            errors.incorrect(name, "not a valid identifier");
            return null;
        }
        return value;
    }

    private static OffsetDateTime time(String value, String name, FieldErrors errors) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            errors.incorrect(name, "a date-time (RFC 3339, e.g. 2026-01-31T12:00:00Z)");
            return null;
        }
    }

    /** The interface filter as JSON for containment (only the members given), or null. */
    private static String iface(String value, String name, ObjectMapper json, FieldErrors errors) {
        if (value == null) {
            return null;
        }
        try {
            InterfaceDescription i = json.readValue(value, InterfaceDescription.class);
            if (i == null) {
                errors.incorrect(name, "an InterfaceDescription (JSON)");
                return null;
            }
            return EventCodec.encode(i);
        } catch (JsonProcessingException e) {
            errors.incorrect(name, "an InterfaceDescription (JSON)");
            return null;
        }
    }
}
