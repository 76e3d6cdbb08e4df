package org.capif.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The objects of one rendering, parsed, with small accessors for the tests. */
record Rendered(List<Map<String, Object>> objects) {

    static final List<String> COMPONENTS = List.of(
            "authorization-function",
            "event-management",
            "invoker-management",
            "provider-management",
            "token-validator");

    @SuppressWarnings("unchecked")
    static Rendered parse(String yaml) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return new Rendered(List.copyOf(docs));
    }

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered"));
    }

    java.util.Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream()
                .filter(o -> name.equals(at(o, "metadata.name")))
                .findFirst();
    }

    /** The object of a kind for a component, by its app.kubernetes.io/component label. */
    Map<String, Object> component(String kind, String component) {
        return ofKind(kind).stream()
                .filter(o -> component.equals(at(o, "metadata.labels.app.kubernetes.io/component")))
                .filter(o -> !String.valueOf(at(o, "metadata.name")).endsWith("-public"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " for " + component));
    }

    List<Map<String, Object>> where(Predicate<Map<String, Object>> p) {
        return objects.stream().filter(p).toList();
    }

    /** The parsed application.properties of a component's ConfigMap. */
    Map<String, String> properties(String component) {
        String text = (String) at(component("ConfigMap", component), "data.application.properties");
        Map<String, String> props = new java.util.LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            props.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return props;
    }

    /**
     * Navigates maps and lists: {@code at(o, "spec.template.spec.containers[0].image")}. Label and annotation keys
     * contain dots and slashes: a segment after {@code labels.} or {@code annotations.} or {@code data.} takes the
     * rest of the path.
     */
    @SuppressWarnings("unchecked")
    static Object at(Object root, String path) {
        Object cur = root;
        String rest = path;
        while (cur != null && !rest.isEmpty()) {
            String seg;
            int dot = rest.indexOf('.');
            seg = dot < 0 ? rest : rest.substring(0, dot);
            rest = dot < 0 ? "" : rest.substring(dot + 1);
            Integer index = null;
            int br = seg.indexOf('[');
            if (br >= 0) {
                index = Integer.parseInt(seg.substring(br + 1, seg.length() - 1));
                seg = seg.substring(0, br);
            }
            cur = ((Map<String, Object>) cur).get(seg);
            if (index != null && cur != null) {
                List<Object> list = (List<Object>) cur;
                cur = index < list.size() ? list.get(index) : null;
            }
            if (!rest.isEmpty()
                    && (seg.equals("labels")
                            || seg.equals("annotations")
                            || seg.equals("data")
                            || seg.equals("matchLabels")
                            || seg.equals("nodeSelector"))) {
                cur = cur == null ? null : ((Map<String, Object>) cur).get(rest);
                rest = "";
            }
        }
        return cur;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object root, String path) {
        Object v = at(root, path);
        return v == null ? List.of() : (List<Map<String, Object>>) v;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object root, String path) {
        Object v = at(root, path);
        return v == null ? List.of() : (List<String>) v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object root, String path) {
        return (Map<String, Object>) Objects.requireNonNull(at(root, path), path);
    }
}
