package org.capif.common.scope;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The CAPIF OAuth scope (TS 33.122 Annex C.2: a list of service APIs per AEF), in the {@code 3gpp#} form used by
 * TS 29.222 implementations:
 *
 * <pre>
 * scope      = "3gpp#" aef-entry *( ";" aef-entry )
 * aef-entry  = aef-id ":" api-name *( "," api-name )
 * </pre>
 *
 * Parsing is lenient about spaces around separators; {@link #toString()} is canonical (no spaces, AEFs and APIs in
 * first-seen order, duplicates merged). An immutable value.
 */
public final class CapifScope {

    /** The prefix every CAPIF scope starts with. */
    public static final String PREFIX = "3gpp#";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final int MAX_LENGTH = 4096;

    private final Map<String, Set<String>> apisByAef;

    private CapifScope(Map<String, Set<String>> apisByAef) {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        apisByAef.forEach((aef, apis) -> copy.put(aef, Collections.unmodifiableSet(new LinkedHashSet<>(apis))));
        this.apisByAef = Collections.unmodifiableMap(copy);
    }

    /** Parses a scope string; empty (with no reason) for anything that does not follow the grammar. */
    public static Optional<CapifScope> parse(String scope) {
        if (scope == null || scope.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String s = scope.strip();
        if (!s.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (String entry : s.substring(PREFIX.length()).split(";", -1)) {
            int colon = entry.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            String aef = entry.substring(0, colon).strip();
            if (!NAME.matcher(aef).matches()) {
                return Optional.empty();
            }
            Set<String> apis = out.computeIfAbsent(aef, k -> new LinkedHashSet<>());
            for (String api : entry.substring(colon + 1).split(",", -1)) {
                String name = api.strip();
                if (!NAME.matcher(name).matches()) {
                    return Optional.empty();
                }
                apis.add(name);
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(new CapifScope(out));
    }

    /** A scope from (aefId, apiName) pairs, in order. */
    public static CapifScope of(List<Map.Entry<String, String>> aefApis) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : aefApis) {
            out.computeIfAbsent(e.getKey(), k -> new LinkedHashSet<>()).add(e.getValue());
        }
        return new CapifScope(out);
    }

    public boolean isEmpty() {
        return apisByAef.isEmpty();
    }

    /** Whether this scope grants {@code apiName} on {@code aefId}. */
    public boolean grants(String aefId, String apiName) {
        Set<String> apis = apisByAef.get(aefId);
        return apis != null && apis.contains(apiName);
    }

    /** The AEF ids, in order (the token audience). */
    public List<String> aefIds() {
        return new ArrayList<>(apisByAef.keySet());
    }

    public Map<String, Set<String>> apisByAef() {
        return apisByAef;
    }

    /** The (aefId, apiName) pairs, in order. */
    public List<Map.Entry<String, String>> pairs() {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        apisByAef.forEach((aef, apis) -> apis.forEach(api -> out.add(Map.entry(aef, api))));
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(PREFIX);
        boolean firstAef = true;
        for (Map.Entry<String, Set<String>> e : apisByAef.entrySet()) {
            if (!firstAef) {
                sb.append(';');
            }
            firstAef = false;
            sb.append(e.getKey()).append(':').append(String.join(",", e.getValue()));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapifScope other && apisByAef.equals(other.apisByAef);
    }

    @Override
    public int hashCode() {
        return apisByAef.hashCode();
    }
}
