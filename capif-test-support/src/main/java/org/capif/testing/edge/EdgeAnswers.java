package org.capif.testing.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.capif.testing.http.RawHttps;

/**
 * What an answer to hostile input must look like: a 4xx; a {@code application/problem+json} ProblemDetails whose
 * {@code cause} is documented in {@code docs/errors.md}, or on an OAuth endpoint an {@code AccessTokenErr} with a
 * documented {@code error} and {@code Cache-Control: no-store}; no stack trace, class name or software version in
 * headers or body, and no {@code Server} header. Only a request the HTTP decoder cannot parse may get a bare 400 or
 * 414 without a body (Vert.x answers those before any application code; see docs/errors.md).
 */
public final class EdgeAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TRACE_MARKERS = {
        "Exception", "\tat ", "org.capif.", "io.vertx.", "io.quarkus.", "java.lang.", "org.hibernate", "jakarta."
    };

    private EdgeAnswers() {}

    /** What is wrong with the answer to the case; empty if it is a proper refusal. */
    public static List<String> problems(HostileRequests.Case c, RawHttps.Answer a) {
        List<String> wrong = new ArrayList<>();
        if (a.status() < 400 || a.status() > 499) {
            wrong.add("status " + a.status() + ", not a 4xx");
        }
        String text = a.text();
        if (a.body().length == 0) {
            if (!c.bareAllowed() || (a.status() != 400 && a.status() != 414 && a.status() != 431)) {
                wrong.add("no ProblemDetails body");
            }
        } else if (c.operation().oauth && (a.status() == 400 || a.status() == 401) && !refusedBeforeRouting(a)) {
            // RFC 6749 §5.2: the OAuth endpoints answer their own refusals as AccessTokenErr
            wrong.addAll(oauthError(a));
        } else {
            wrong.addAll(problem(a));
        }
        for (String marker : TRACE_MARKERS) {
            if (text.contains(marker)) {
                wrong.add("body leaks '" + marker.trim() + "'");
            }
        }
        if (a.header("server") != null) {
            wrong.add("Server header " + a.header("server"));
        }
        String all = a.headers().toString() + text;
        for (String version : Versions.known()) {
            if (all.contains(version)) {
                wrong.add("answer exposes version " + version);
            }
        }
        return wrong;
    }

    /** A request that is not HTTP enough to reach any endpoint (e.g. a bad Host) is a ProblemDetails everywhere. */
    private static boolean refusedBeforeRouting(RawHttps.Answer a) {
        String type = a.header("content-type");
        return type != null
                && type.startsWith("application/problem+json")
                && a.text().contains("\"BAD_REQUEST\"");
    }

    private static List<String> oauthError(RawHttps.Answer a) {
        List<String> wrong = new ArrayList<>();
        String type = a.header("content-type");
        if (type == null || !type.startsWith("application/json")) {
            wrong.add("Content-Type " + type + " on an OAuth endpoint, not an AccessTokenErr (application/json)");
            return wrong;
        }
        JsonNode body = parse(a, wrong);
        if (body == null) {
            return wrong;
        }
        String error = body.path("error").asText(null);
        if (error == null || !documented().contains(error)) {
            wrong.add("AccessTokenErr error '" + error + "' not documented in docs/errors.md");
        }
        if (!"no-store".equals(a.header("cache-control"))) {
            wrong.add("AccessTokenErr without Cache-Control: no-store");
        }
        return wrong;
    }

    private static List<String> problem(RawHttps.Answer a) {
        List<String> wrong = new ArrayList<>();
        String type = a.header("content-type");
        if (type == null || !type.startsWith("application/problem+json")) {
            wrong.add("Content-Type " + type + ", not application/problem+json");
            return wrong;
        }
        JsonNode body = parse(a, wrong);
        if (body == null) {
            return wrong;
        }
        if (body.path("status").asInt() != a.status()) {
            wrong.add("ProblemDetails status " + body.path("status") + " differs from " + a.status());
        }
        String cause = body.path("cause").asText(null);
        if (cause == null || !documented().contains(cause)) {
            wrong.add("cause '" + cause + "' not documented in docs/errors.md");
        }
        if (body.path("detail").asText("").isBlank()) {
            wrong.add("ProblemDetails without detail");
        }
        return wrong;
    }

    private static JsonNode parse(RawHttps.Answer a, List<String> wrong) {
        try {
            return JSON.readTree(a.body());
        } catch (IOException e) {
            wrong.add("body is not JSON: " + a.text());
            return null;
        }
    }

    private static Set<String> documented;

    /** The causes, OAuth errors and reasons named in the first column of the tables of docs/errors.md. */
    public static synchronized Set<String> documented() {
        if (documented == null) {
            Path specs = Path.of(System.getProperty("capif-test.specs-dir", "specs/3gpp"));
            Path errors = specs.toAbsolutePath().getParent().getParent().resolve("docs/errors.md");
            Set<String> names = new LinkedHashSet<>();
            try {
                Matcher m = Pattern.compile("(?m)^\\| `([A-Za-z_]+)` \\|").matcher(Files.readString(errors));
                while (m.find()) {
                    names.add(m.group(1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + errors, e);
            }
            documented = Set.copyOf(names);
        }
        return documented;
    }

    /** Formats the failures of a sweep, one line each, for an assertion message. */
    public static String report(Map<HostileRequests.Case, List<String>> failures) {
        StringBuilder sb = new StringBuilder(failures.size() + " hostile requests not refused properly:\n");
        failures.forEach(
                (c, w) -> sb.append("  ").append(c).append(": ").append(w).append('\n'));
        return sb.toString();
    }
}
