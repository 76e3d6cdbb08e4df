package org.capif.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.capif.cli.CliException;
import org.capif.cli.Http;
import org.capif.local.RunningStack;

/**
 * The auditing API on a million invocation logs (issue 13): fills event management's {@code invocation_log} table of
 * the running local stack with {@value #ROWS} rows (half of them in the demo provider domain, the rest spread over 97
 * other domains; 1,000 invokers, two APIs, 30 days, 2% failures), then times {@code GET /logs/v1/apiInvocationLogs}
 * as the demo AMF over mutual TLS, end to end, for the query shapes an auditor uses, and the following of {@code Link}
 * pages. The rows are written with event management's own database role, the way its logging API stores them.
 */
final class AuditBench {

    static final int ROWS = 1_000_000;
    private static final int RUNS = 50;
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    private final RunningStack stack;

    AuditBench(RunningStack stack) {
        this.stack = stack;
    }

    List<String> run() throws Exception {
        String aef = stack.env("CAPIF_AEF_ID");
        String api = stack.env("CAPIF_MONITORING_EVENT_API_ID");
        long fill;
        long total;
        try (Connection db = connect()) {
            String domain = domainOf(db, aef);
            long started = System.nanoTime();
            fill(db, domain, aef, api);
            fill = System.nanoTime() - started;
            try (Statement s = db.createStatement();
                    ResultSet r = s.executeQuery("select count(*) from invocation_log")) {
                r.next();
                total = r.getLong(1);
            }
            try (PreparedStatement s =
                    db.prepareStatement("select count(*) from invocation_log where api_prov_dom_id = ?")) {
                s.setString(1, domain);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    System.out.printf("audit bench: %d rows, %d in the demo domain %s%n", total, r.getLong(1), domain);
                }
            }
        }
        Http amf = Http.of(stack.path("CAPIF_CA_CERT"), stack.path("CAPIF_AMF_CERT"), stack.path("CAPIF_AMF_KEY"));
        String base = stack.env("CAPIF_EVENTS_URL") + "/logs/v1/apiInvocationLogs";
        Map<String, String> shapes = new LinkedHashMap<>();
        shapes.put("whole domain, first page of 100", "?limit=100");
        shapes.put("one AEF and one invoker", "?aef-id=" + aef + "&api-invoker-id=bench-inv-42&limit=100");
        shapes.put(
                "one hour in the middle of the 30 days",
                "?time-range-start=" + enc("2026-11-15T12:00:00Z") + "&time-range-end=" + enc("2026-11-15T13:00:00Z")
                        + "&limit=100");
        shapes.put("one API and result 500 (2% of rows)", "?api-id=" + api + "&result=500&limit=100");
        shapes.put("page size 1000", "?limit=1000");
        shapes.put("filter matching nothing (operation DELETE)", "?operation=DELETE&limit=100");
        List<String> out = new ArrayList<>();
        out.add("");
        out.add(String.format(
                "## Auditing API on %,d invocation logs (%,d in the demo domain; filled in %.1f s)",
                total, total / 2, fill / 1e9));
        out.add("");
        out.add("GET /logs/v1/apiInvocationLogs as the demo AMF (mutual TLS, one connection, sequential), " + RUNS
                + " runs each after 5 warm-up runs; time to the whole answer (ms).");
        out.add("");
        out.add("| query | status | logs in the answer | p50 | p99 | max |");
        out.add("|---|---|---|---|---|---|");
        for (Map.Entry<String, String> shape : shapes.entrySet()) {
            out.add(time(amf, shape.getKey(), base + shape.getValue()));
        }
        out.add(pages(amf, base + "?limit=100", 200));
        return out;
    }

    private String time(Http amf, String name, String url) {
        for (int i = 0; i < 5; i++) {
            get(amf, url);
        }
        List<Double> ms = new ArrayList<>();
        int[] last = null;
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            last = get(amf, url);
            ms.add((System.nanoTime() - t) / 1e6);
        }
        return String.format("| %s | %d | %d | %s", name, last[0], last[1], Benchmarks.percentileCells(ms));
    }

    /** The status and the number of logs of one query; a query that matches nothing is a 404 of the API. */
    private static int[] get(Http amf, String url) {
        try {
            Http.Answer a = amf.json("GET", url, null);
            return new int[] {a.status(), logs(a)};
        } catch (CliException e) {
            if (e.getMessage().contains(" 404: INVOCATION_LOG_NOT_FOUND")) {
                return new int[] {404, 0};
            }
            throw e;
        }
    }

    /** Follows {@code Link: rel="next"} for the given number of pages, timing each page. */
    private String pages(Http amf, String first, int count) {
        List<Double> ms = new ArrayList<>();
        String url = first;
        int logs = 0;
        for (int i = 0; i < count && url != null; i++) {
            long t = System.nanoTime();
            Http.Answer a = amf.json("GET", url, null);
            ms.add((System.nanoTime() - t) / 1e6);
            logs += logs(a);
            String link = a.header("Link");
            Matcher m = link == null ? null : NEXT.matcher(link);
            url = m != null && m.find() ? m.group(1) : null;
        }
        return String.format(
                "| following `Link` next, %d pages of 100 | 200 | %d in all | %s",
                ms.size(), logs, Benchmarks.percentileCells(ms));
    }

    private static int logs(Http.Answer a) {
        if (a.status() != 200) {
            return 0;
        }
        int n = 0;
        for (var group : a.json().path("multipleInvocationLogs")) {
            n += group.path("logs").size();
        }
        return n;
    }

    private Connection connect() throws Exception {
        String password = null;
        for (String line : Files.readAllLines(stack.state().resolve("secrets.env"))) {
            if (line.startsWith("capif_events=")) {
                password = line.substring("capif_events=".length());
            }
        }
        Path ca = stack.pki().file("ca.crt");
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + stack.ports().postgres()
                        + "/capif_events?sslmode=verify-full&sslrootcert=" + enc(ca.toString()),
                "capif_events",
                password);
    }

    private static String domainOf(Connection db, String aef) throws Exception {
        try (PreparedStatement s =
                db.prepareStatement("select api_prov_dom_id from provider_function_view where api_prov_func_id = ?")) {
            s.setString(1, aef);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalStateException("event management does not know the demo AEF " + aef);
                }
                return r.getString(1);
            }
        }
    }

    /** Inserts the rows in batches of 100,000 (one statement each), then analyses the table. */
    private static void fill(Connection db, String domain, String aef, String api) throws Exception {
        String sql = "insert into invocation_log (log_id, source, api_prov_dom_id, aef_id, api_invoker_id, api_id,"
                + " api_name, api_version, resource_name, uri, protocol, operation, result, invocation_time,"
                + " invocation_latency, stored_at)"
                + " select 'bench-' || (g / 10), 'aef',"
                + " case when g % 2 = 0 then ? else 'bench-dom-' || (g % 97) end,"
                + " case when g % 2 = 0 then ? else 'bench-aef-' || (g % 97) end,"
                + " 'bench-inv-' || (g % 1000),"
                + " case when g % 4 = 0 then ? else 'bench-api-' || (g % 3) end,"
                + " case when g % 4 = 0 then 'monitoring-event' else 'bench-api' end, 'v1', 'subscriptions',"
                + " '/monitoring-event/v1/scs-1/subscriptions', 'HTTP_1_1',"
                + " case when g % 3 = 0 then 'POST' else 'GET' end,"
                + " case when g % 50 = 0 then '500' else '200' end,"
                + " timestamptz '2026-11-01T00:00:00Z' + (g * interval '2.592 seconds'), 12, now()"
                + " from generate_series(?::bigint, ?::bigint) g";
        try (PreparedStatement s = db.prepareStatement(sql)) {
            for (long from = 1; from <= ROWS; from += 100_000) {
                s.setString(1, domain);
                s.setString(2, aef);
                s.setString(3, api);
                s.setLong(4, from);
                s.setLong(5, Math.min(ROWS, from + 99_999));
                s.executeUpdate();
            }
        }
        try (Statement s = db.createStatement()) {
            s.execute("analyze invocation_log");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
