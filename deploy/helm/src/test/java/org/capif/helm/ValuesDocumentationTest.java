package org.capif.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every value is documented: a {@code # --} comment in values.yaml on the key or its enclosing key, and a row in
 * the values table of docs/deployment.md.
 */
class ValuesDocumentationTest {

    private static final Path VALUES = ChartTools.CHART.resolve("values.yaml");
    private static final Path DOC =
            ChartTools.MODULE.resolve("../../docs/deployment.md").normalize();

    /** A key of values.yaml, its dotted path, whether it is a leaf, whether a # -- comment precedes it. */
    record Key(String path, boolean leaf, boolean commented) {}

    static List<Key> keys() throws IOException {
        List<String> lines = Files.readAllLines(VALUES);
        List<Key> keys = new ArrayList<>();
        List<String> stack = new ArrayList<>();
        List<Integer> indents = new ArrayList<>();
        boolean commented = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.startsWith("# --")) {
                commented = true;
                continue;
            }
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                if (trimmed.isEmpty()) {
                    commented = false;
                }
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            if (trimmed.startsWith("- ") || !trimmed.matches("^[A-Za-z0-9_.\\-/\"]+:( .*)?$")) {
                commented = false;
                continue;
            }
            while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {
                indents.remove(indents.size() - 1);
                stack.remove(stack.size() - 1);
            }
            String name = trimmed.substring(0, trimmed.indexOf(':'));
            boolean leaf = !trimmed.endsWith(":");
            stack.add(name);
            indents.add(indent);
            keys.add(new Key(String.join(".", stack), leaf, commented));
            commented = false;
        }
        return keys;
    }

    @Test
    void valuesWhenAnyLeafThenItOrAnEnclosingKeyCarriesADocComment() throws IOException {
        List<Key> keys = keys();
        Set<String> commented = new LinkedHashSet<>();
        keys.stream().filter(Key::commented).forEach(k -> commented.add(k.path()));
        List<String> undocumented = keys.stream()
                .filter(Key::leaf)
                .map(Key::path)
                .filter(p -> commented.stream().noneMatch(c -> p.equals(c) || p.startsWith(c + ".")))
                .toList();
        assertThat(undocumented).isEmpty();
        assertThat(keys).hasSizeGreaterThan(150);
    }

    @Test
    void docsWhenValuesTableThenEveryDocumentedValueHasARow() throws IOException {
        String doc = Files.readString(DOC);
        List<String> missing = keys().stream()
                .filter(Key::commented)
                .map(Key::path)
                .filter(p -> !doc.contains("| `" + p + "` |"))
                .toList();
        assertThat(missing).isEmpty();
    }
}
