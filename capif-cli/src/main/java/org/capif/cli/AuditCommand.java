package org.capif.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code capif audit}: the service API invocation logs of the caller's own API provider domain (TS 29.222
 * CAPIF_Auditing_API, {@code GET /logs/v1/apiInvocationLogs} at {@code CAPIF_EVENTS_URL}) with the AMF's certificate;
 * follows the answer's {@code Link: rel="next"} for up to {@code --pages} pages.
 */
@Command(
        name = "audit",
        description = "Query the invocation logs of your domain as its AMF (TS 29.222 CAPIF_Auditing_API).",
        mixinStandardHelpOptions = true)
public class AuditCommand implements Callable<Integer> {

    final Endpoints endpoints = new Endpoints();

    @Option(names = "--dir", required = true, description = "The provider directory of 'capif provider register'.")
    Path dir;

    @Option(names = "--amf", description = "The AMF (local name or id; default: the first AMF).")
    String amf;

    @Option(names = "--aef-id", description = "Only logs of this AEF (of your domain).")
    String aefId;

    @Option(names = "--api-invoker-id", description = "Only logs of this invoker.")
    String apiInvokerId;

    @Option(names = "--api-id", description = "Only logs of this API.")
    String apiId;

    @Option(names = "--api-name", description = "Only logs of this API name.")
    String apiName;

    @Option(names = "--result", description = "Only logs with this result (e.g. 200).")
    String result;

    @Option(names = "--from", description = "time-range-start (RFC 3339, e.g. 2026-12-01T00:00:00Z).")
    String from;

    @Option(names = "--until", description = "time-range-end, exclusive (RFC 3339).")
    String until;

    @Option(names = "--limit", defaultValue = "100", description = "Logs per page (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--pages", defaultValue = "1", description = "Pages to follow at most (default: ${DEFAULT-VALUE}).")
    int pages;

    @Override
    public Integer call() {
        ProviderDir domain = new ProviderDir(dir);
        ProviderDir.Function function = amf == null ? domain.first("AMF") : domain.function(amf);
        Http http = domain.http(endpoints, function);
        String next = endpoints.get("CAPIF_EVENTS_URL") + "/logs/v1/apiInvocationLogs?" + query();
        for (int page = 0; page < pages && next != null; page++) {
            Http.Answer answer = http.json("GET", next, null);
            print(answer.json());
            next = next(answer.header("Link"), endpoints.get("CAPIF_EVENTS_URL"));
        }
        if (next != null) {
            System.out.println("(more: --pages " + (pages + 1) + ")");
        }
        return 0;
    }

    String query() {
        Map<String, String> q = new LinkedHashMap<>();
        put(q, "aef-id", aefId);
        put(q, "api-invoker-id", apiInvokerId);
        put(q, "api-id", apiId);
        put(q, "api-name", apiName);
        put(q, "result", result);
        put(q, "time-range-start", from);
        put(q, "time-range-end", until);
        q.put("limit", String.valueOf(limit));
        StringBuilder sb = new StringBuilder();
        q.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }

    /**
     * The next page of a {@code Link} header, on the events URL the CLI was given: the link names the public
     * {apiRoot}, which may not be where this client reaches the service.
     */
    static String next(String link, String base) {
        if (link == null || !link.contains("rel=\"next\"")) {
            return null;
        }
        int q = link.indexOf('?');
        int end = link.indexOf('>');
        if (q < 0 || end < q) {
            return null;
        }
        return base + "/logs/v1/apiInvocationLogs" + link.substring(q, end);
    }

    private static void put(Map<String, String> q, String name, String value) {
        if (value != null && !value.isEmpty()) {
            q.put(name, value);
        }
    }

    private static void print(JsonNode logs) {
        for (JsonNode l : logs.path("multipleInvocationLogs")) {
            for (JsonNode e : l.path("logs")) {
                System.out.println(e.path("invocationTime").asText() + "  "
                        + l.path("aefId").asText() + "  "
                        + l.path("apiInvokerId").asText() + "  "
                        + e.path("apiName").asText() + " "
                        + e.path("apiVersion").asText() + "  "
                        + e.path("operation").asText("-") + " "
                        + e.path("resourceName").asText() + "  "
                        + e.path("result").asText());
            }
        }
    }
}
