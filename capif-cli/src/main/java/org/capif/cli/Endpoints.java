package org.capif.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the CAPIF services are and which files identify the caller: the {@code CAPIF_*} variables of
 * {@code .capif-local/endpoints.env} (or of the environment; the file wins when given with {@code --env-file}, which
 * may stand anywhere on the command line).
 */
public final class Endpoints {

    /** Set by the inherited {@code --env-file} option of {@link Capif}; null means the default. */
    static Path envFile;

    private Map<String, String> values;

    public String get(String name) {
        String v = values().get(name);
        if (v == null || v.isBlank()) {
            throw new CliException(CliException.LOCAL, name + " is not set (use --env-file or export it).");
        }
        return v;
    }

    public Path path(String name) {
        return Path.of(get(name));
    }

    private Map<String, String> values() {
        if (values == null) {
            values = new HashMap<>(System.getenv());
            Path file = envFile != null ? envFile : Path.of(".capif-local", "endpoints.env");
            if (envFile != null || Files.isRegularFile(file)) {
                values.putAll(read(file));
            }
        }
        return values;
    }

    /** The variables of an endpoints file. */
    public static Map<String, String> readFile(Path file) {
        return read(file);
    }

    /** Reads {@code export NAME=value} and {@code NAME=value} lines (optional single or double quotes). */
    static Map<String, String> read(Path file) {
        Map<String, String> out = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                if (l.startsWith("export ")) {
                    l = l.substring(7).strip();
                }
                int eq = l.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String value = l.substring(eq + 1).strip();
                if (value.length() >= 2
                        && (value.startsWith("\"") && value.endsWith("\"")
                                || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                out.put(l.substring(0, eq).strip(), value);
            }
        } catch (IOException e) {
            throw new CliException(CliException.LOCAL, "cannot read " + file + ": " + e.getMessage());
        }
        return out;
    }
}
