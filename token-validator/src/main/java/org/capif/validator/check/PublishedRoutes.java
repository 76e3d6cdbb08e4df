package org.capif.validator.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.capif.common.api.AefProfile;
import org.capif.common.api.CustomOperation;
import org.capif.common.api.InterfaceDescription;
import org.capif.common.api.Resource;
import org.capif.common.api.Version;
import org.capif.common.event.ServiceApiEvent;

/**
 * The routes an API publishes at one AEF, as TS 29.122 §5.2.4 builds its URIs: {@code [apiPrefix]/{apiName}/
 * {apiVersion}{resource.uri}} for each resource of each version (TS 29.222 §8.2.4.2.6), {@code .../{custOpName}} for
 * custom operations of a resource or of a version; {@code {name}} in a URI is one path segment. Methods are the
 * resource's {@code operations} (any method if it names none), a custom operation's {@code operations} (POST if it
 * names none, TS 29.501 §4.4.4); HEAD counts as GET. An API that publishes neither resources nor custom operations at
 * the AEF allows any method on any path under {@code [apiPrefix]/{apiName}/{apiVersion}/} of its versions. An API the
 * validator has not heard of (no published description) allows any path under {@code /{apiName}/}.
 *
 * <p>Paths are matched as sent, before any decoding, and fail closed: a query is ignored, but a path with an empty,
 * {@code .} or {@code ..} segment (also percent-encoded), an encoded slash or backslash, a backslash or a fragment, a
 * character that is not visible ASCII (a space, a control character, a raw byte above 0x7E), a malformed
 * percent-escape or an encoded control character matches nothing, so the route a gateway's upstream resolves (or
 * refuses) is the one checked here.
 */
public final class PublishedRoutes {

    private static final int CACHE_LIMIT = 10_000;
    private static final Map<String, List<Route>> CACHE = new ConcurrentHashMap<>();

    /** One published route: a method set (null: any) and a path pattern. */
    record Route(Set<String> methods, Pattern path) {
        boolean matches(String method, String p) {
            return (methods == null || methods.contains(method))
                    && path.matcher(p).matches();
        }
    }

    private PublishedRoutes() {}

    /** Whether {@code method} on {@code rawPath} is a route of the published API at this AEF. */
    public static boolean allows(ServiceApiEvent api, AefProfile profile, String method, String rawPath) {
        String path = canonical(rawPath);
        if (path == null || method == null) {
            return false;
        }
        String m = method.toUpperCase(Locale.ROOT);
        String verb = m.equals("HEAD") ? "GET" : m;
        List<Route> routes = CACHE.computeIfAbsent(
                api.apiId() + '\u0000' + profile.aefId() + '\u0000' + api.sequence(),
                k -> routes(api.description().apiName(), profile));
        if (CACHE.size() > CACHE_LIMIT) {
            CACHE.clear();
        }
        return routes.stream().anyMatch(r -> r.matches(verb, path));
    }

    /** For an API without a published description: any path under {@code /{apiName}/}. */
    public static boolean allowsUnpublished(String apiName, String method, String rawPath) {
        String path = canonical(rawPath);
        return path != null && method != null && path.startsWith("/" + apiName + "/");
    }

    /**
     * The path without query, or null if it is not a canonical absolute path: a gateway or upstream that normalised it
     * could reach another route than the one matched.
     */
    static String canonical(String raw) {
        if (raw == null || raw.isEmpty() || raw.charAt(0) != '/') {
            return null;
        }
        int q = raw.indexOf('?');
        String path = q < 0 ? raw : raw.substring(0, q);
        if (path.indexOf('#') >= 0 || path.indexOf('\\') >= 0) {
            return null;
        }
        if (!visibleAsciiWithWellFormedEscapes(path)) {
            return null;
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c")) {
            return null;
        }
        String[] segments = path.substring(1).split("/", -1);
        for (String s : segments) {
            String decodedDots = s.toLowerCase(Locale.ROOT).replace("%2e", ".");
            if (s.isEmpty() || decodedDots.equals(".") || decodedDots.equals("..")) {
                return null;
            }
        }
        return path;
    }

    /**
     * Only visible ASCII, and each {@code %} followed by two hex digits that do not encode a control character
     * (0x00-0x1F, 0x7F): what the upstream would decode otherwise differs from server to server.
     */
    private static boolean visibleAsciiWithWellFormedEscapes(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
            if (c == '%') {
                if (i + 2 >= path.length()) {
                    return false;
                }
                int hi = Character.digit(path.charAt(i + 1), 16);
                int lo = Character.digit(path.charAt(i + 2), 16);
                if (hi < 0 || lo < 0 || path.charAt(i + 1) > 0x7F || path.charAt(i + 2) > 0x7F) {
                    return false;
                }
                int decoded = hi * 16 + lo;
                if (decoded < 0x20 || decoded == 0x7F) {
                    return false;
                }
                i += 2;
            }
        }
        return true;
    }

    private static List<Route> routes(String apiName, AefProfile profile) {
        List<String> prefixes = prefixes(profile);
        List<Route> routes = new ArrayList<>();
        boolean anyOperation = false;
        List<Version> versions = profile.versions() == null ? List.of() : profile.versions();
        for (Version v : versions) {
            if (v == null || v.apiVersion() == null) {
                continue;
            }
            for (String prefix : prefixes) {
                String base = prefix + "/" + apiName + "/" + v.apiVersion();
                for (Resource r : v.resources() == null ? List.<Resource>of() : v.resources()) {
                    if (r == null || r.uri() == null) {
                        continue;
                    }
                    anyOperation = true;
                    String uri = base + (r.uri().startsWith("/") ? "" : "/") + r.uri();
                    routes.add(new Route(methods(r.operations(), null), template(uri)));
                    if (r.custOpName() != null) {
                        routes.add(new Route(Set.of("POST"), template(uri + "/" + r.custOpName())));
                    }
                    for (CustomOperation c :
                            r.custOperations() == null ? List.<CustomOperation>of() : r.custOperations()) {
                        if (c != null && c.custOpName() != null) {
                            routes.add(new Route(
                                    methods(c.operations(), Set.of("POST")), template(uri + "/" + c.custOpName())));
                        }
                    }
                }
                for (CustomOperation c : v.custOperations() == null ? List.<CustomOperation>of() : v.custOperations()) {
                    if (c != null && c.custOpName() != null) {
                        anyOperation = true;
                        routes.add(new Route(
                                methods(c.operations(), Set.of("POST")), template(base + "/" + c.custOpName())));
                    }
                }
            }
        }
        if (!anyOperation) {
            for (Version v : versions) {
                if (v != null && v.apiVersion() != null) {
                    for (String prefix : prefixes) {
                        String base = prefix + "/" + apiName + "/" + v.apiVersion();
                        routes.add(new Route(null, Pattern.compile(Pattern.quote(base) + "(/[^?#]*)?")));
                    }
                }
            }
        }
        return List.copyOf(routes);
    }

    /** "" and each interface's {@code apiPrefix} (a sequence of segments starting with a slash). */
    private static List<String> prefixes(AefProfile profile) {
        List<String> prefixes = new ArrayList<>();
        prefixes.add("");
        if (profile.interfaceDescriptions() != null) {
            for (InterfaceDescription i : profile.interfaceDescriptions()) {
                String p = i == null ? null : i.apiPrefix();
                if (p != null && p.startsWith("/")) {
                    String trimmed = p.replaceAll("/+$", "");
                    if (!trimmed.isEmpty() && !prefixes.contains(trimmed)) {
                        prefixes.add(trimmed);
                    }
                }
            }
        }
        return prefixes;
    }

    private static Set<String> methods(List<String> operations, Set<String> otherwise) {
        if (operations == null || operations.isEmpty()) {
            return otherwise;
        }
        return Set.copyOf(operations.stream()
                .filter(java.util.Objects::nonNull)
                .map(o -> o.toUpperCase(Locale.ROOT))
                .toList());
    }

    /** A URI template as a pattern: literal text quoted, each {@code {name}} one non-empty segment. */
    static Pattern template(String uri) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < uri.length()) {
            int open = uri.indexOf('{', i);
            if (open < 0) {
                regex.append(Pattern.quote(uri.substring(i)));
                break;
            }
            int close = uri.indexOf('}', open);
            if (close < 0) {
                regex.append(Pattern.quote(uri.substring(i)));
                break;
            }
            if (open > i) {
                regex.append(Pattern.quote(uri.substring(i, open)));
            }
            regex.append("[^/?#]+");
            i = close + 1;
        }
        return Pattern.compile(regex.toString());
    }
}
