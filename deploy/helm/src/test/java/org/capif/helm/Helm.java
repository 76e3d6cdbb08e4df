package org.capif.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.capif.helm.ChartTools.HelmCli;

/**
 * Runs the real Helm CLI on the chart, offline ({@code KUBECONFIG=/dev/null}, a scratch Helm home). A render is
 * described fluently: {@code Helm.render().ci().set("a.b", "c").objects()}.
 */
final class Helm {

    static final Path CI_VALUES = ChartTools.CHART.resolve("ci-values.yaml");
    static final Path EDGE_VALUES = ChartTools.MODULE.resolve("src/test/resources/edge-values.yaml");
    static final Path MINIMAL_VALUES = ChartTools.MODULE.resolve("src/test/resources/minimal-values.yaml");
    static final String RELEASE = "capif";
    static final String NAMESPACE = "capif-core";

    /** What a Helm run printed and how it exited. */
    record Result(int exitCode, String stdout, String stderr) {}

    private HelmCli cli = HelmCli.HELM3;
    private final List<Path> files = new ArrayList<>();
    private final Map<String, String> sets = new LinkedHashMap<>();
    private final Map<String, String> setStrings = new LinkedHashMap<>();

    private Helm() {}

    static Helm render() {
        return new Helm();
    }

    Helm with(HelmCli cli) {
        this.cli = cli;
        return this;
    }

    Helm ci() {
        return file(CI_VALUES);
    }

    Helm edge() {
        return file(EDGE_VALUES);
    }

    /** Only the values the chart requires; everything else at its default. */
    Helm minimal() {
        return file(MINIMAL_VALUES);
    }

    Helm file(Path values) {
        files.add(values);
        return this;
    }

    Helm set(String key, String value) {
        sets.put(key, value);
        return this;
    }

    Helm setString(String key, String value) {
        setStrings.put(key, value);
        return this;
    }

    private List<String> valueArgs() {
        List<String> args = new ArrayList<>();
        files.forEach(f -> {
            args.add("-f");
            args.add(f.toString());
        });
        sets.forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        setStrings.forEach((k, v) -> {
            args.add("--set-string");
            args.add(k + "=" + v);
        });
        return args;
    }

    /** {@code helm template}, hooks included; fails the test if Helm refuses. */
    Rendered objects() {
        Result r = template();
        if (r.exitCode() != 0) {
            throw new AssertionError("helm template failed:\n" + r.stderr());
        }
        return Rendered.parse(r.stdout());
    }

    /** {@code helm template} that must fail; its error output. */
    String failure() {
        Result r = template();
        if (r.exitCode() == 0) {
            throw new AssertionError("helm template was expected to refuse these values but rendered them");
        }
        return r.stderr();
    }

    Result template() {
        List<String> args = new ArrayList<>(List.of("template", RELEASE, ChartTools.CHART.toString(), "-n", NAMESPACE));
        args.addAll(valueArgs());
        return run(cli, args);
    }

    Result lintStrict() {
        List<String> args = new ArrayList<>(List.of("lint", "--strict", ChartTools.CHART.toString()));
        args.addAll(valueArgs());
        return run(cli, args);
    }

    static Result run(HelmCli cli, List<String> args) {
        ChartTools.ensureInstalled();
        List<String> command = new ArrayList<>();
        command.add(cli.binary().toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("HELM_") || k.equals("KUBECONFIG"));
        env.put("KUBECONFIG", "/dev/null");
        env.put("HELM_CACHE_HOME", cli.home().resolve("cache").toString());
        env.put("HELM_CONFIG_HOME", cli.home().resolve("config").toString());
        env.put("HELM_DATA_HOME", cli.home().resolve("data").toString());
        try {
            Files.createDirectories(cli.home());
            Process p = pb.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("helm " + args + " did not finish within 60 s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
