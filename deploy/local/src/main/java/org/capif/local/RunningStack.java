package org.capif.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.capif.cli.Endpoints;

/**
 * The local stack started exactly as the README says ({@code deploy/local/capif-local}), in a temporary state
 * directory and with shifted ports, for end-to-end tests and benchmarks across the real processes.
 */
public final class RunningStack implements AutoCloseable {

    private static final Pattern PID = Pattern.compile("^\\s+(\\S+)\\s+pid (\\d+), log");

    private final Path repo;
    private final Path state;
    private final Process launcher;
    private final List<Long> servicePids = new ArrayList<>();
    private final Map<String, Long> pidsByName = new java.util.LinkedHashMap<>();
    private final StringBuffer output = new StringBuffer();
    private final Map<String, String> endpoints;
    private final Ports ports;
    private boolean pidFileLeftAfterStop;

    private RunningStack(Path repo, Path state, Process launcher, Map<String, String> endpoints, Ports ports) {
        this.repo = repo;
        this.ports = ports;
        this.state = state;
        this.launcher = launcher;
        this.endpoints = endpoints;
    }

    /** Starts the stack of this repository (tests) with extra {@code capif-local start} options. */
    public static RunningStack start(int portOffset, String... options) throws Exception {
        return start(Path.of(System.getProperty("capif-test.repo", "../..")), portOffset, options);
    }

    /** Starts the stack of the repository at {@code repoRoot} with every port shifted by {@code portOffset}. */
    public static RunningStack start(Path repoRoot, int portOffset, String... options) throws Exception {
        Path repo = repoRoot.toAbsolutePath().normalize();
        Path state = Files.createTempDirectory("capif-e2e-");
        List<String> command = new ArrayList<>(List.of(
                repo.resolve("deploy/local/capif-local").toString(),
                "start",
                "--state-dir",
                state.toString(),
                "--port-offset",
                String.valueOf(portOffset),
                "--benchmark"));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command)
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .start();
        StringBuffer out = new StringBuffer();
        CountDownLatch ready = new CountDownLatch(1);
        Map<String, Long> pids = new java.util.LinkedHashMap<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            out.append(line).append('\n');
                            Matcher m = PID.matcher(line);
                            if (m.find()) {
                                pids.put(m.group(1), Long.parseLong(m.group(2)));
                            }
                            if (line.equals("capif-local: ready")) {
                                ready.countDown();
                            }
                        }
                    } catch (IOException ignored) {
                        // the launcher ended
                    }
                },
                "capif-e2e-stack-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(4, TimeUnit.MINUTES)) {
            p.destroy();
            throw new IllegalStateException("the local stack did not become ready:\n" + out);
        }
        RunningStack stack = new RunningStack(
                repo, state, p, Endpoints.readFile(state.resolve("endpoints.env")), new Ports(portOffset));
        stack.servicePids.addAll(pids.values());
        stack.pidsByName.putAll(pids);
        stack.output.append(out);
        return stack;
    }

    public Path state() {
        return state;
    }

    public Path repo() {
        return repo;
    }

    /** The stack's ports (PostgreSQL and Kafka included). */
    public Ports ports() {
        return ports;
    }

    /** The stack's PKI (certificates and keys in its state directory). */
    public LocalPki pki() {
        return new LocalPki(state.resolve("pki"));
    }

    public String env(String name) {
        return endpoints.get(name);
    }

    public Path path(String name) {
        return Path.of(env(name));
    }

    public List<Long> servicePids() {
        return servicePids;
    }

    /** The pid of a service process by name ({@code token-validator}, or {@code token-validator-2} with replicas). */
    public long pid(String name) {
        Long pid = pidsByName.get(name);
        if (pid == null) {
            throw new IllegalArgumentException("no service process " + name + " in " + pidsByName.keySet());
        }
        return pid;
    }

    public long launcherPid() {
        return launcher.pid();
    }

    /** Restarts a datastore of the running stack ({@link DatastoreFaults}); what the stack answered. */
    public String fault(String kind, Duration down) throws Exception {
        return DatastoreFaults.request(state, kind, down, down.plusMinutes(2));
    }

    /** Runs the CLI as a user would ({@code deploy/local/capif}); returns exit code and output. */
    public Cli cli(String... args) throws Exception {
        return cli(Map.of(), args);
    }

    /**
     * As {@link #cli(String...)}, with some {@code endpoints.env} variables replaced (e.g. one replica's URL instead of
     * the balancer's).
     */
    public Cli cli(Map<String, String> overrides, String... args) throws Exception {
        Path env = state.resolve("endpoints.env");
        if (!overrides.isEmpty()) {
            StringBuilder sb = new StringBuilder(Files.readString(env));
            overrides.forEach((k, v) ->
                    sb.append("export ").append(k).append("='").append(v).append("'\n"));
            env = Files.createTempFile(state, "endpoints-", ".env");
            Files.writeString(env, sb.toString());
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(repo.resolve("deploy/local/capif").toString());
        cmd.add("--env-file");
        cmd.add(env.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(state.toFile())
                .redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return new Cli(p.exitValue(), text);
    }

    /** An exit code and everything printed. */
    public record Cli(int exitCode, String output) {}

    /**
     * Stops the stack with {@code capif-local stop}, waits for the launcher to end, and deletes the temporary state
     * directory (kept if the system property {@code capif.keep-state} is set, e.g. to read the logs).
     */
    @Override
    public void close() throws Exception {
        Process stop = new ProcessBuilder(
                        repo.resolve("deploy/local/capif-local").toString(), "stop", "--state-dir", state.toString())
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .start();
        stop.waitFor(90, TimeUnit.SECONDS);
        if (!launcher.waitFor(90, TimeUnit.SECONDS)) {
            launcher.destroyForcibly();
        }
        pidFileLeftAfterStop = Files.exists(state.resolve("stack.pid"));
        if (System.getProperty("capif.keep-state") != null) {
            System.out.println("state kept in " + state);
        } else {
            LocalStack.deleteRecursively(state);
        }
    }

    /** Whether the launcher left its pid file behind when it stopped (it must not). */
    public boolean pidFileLeftAfterStop() {
        return pidFileLeftAfterStop;
    }

    /** Processes whose command line mentions the state directory (services, PostgreSQL) that are still alive. */
    public List<ProcessHandle> leftovers() {
        String marker = state.toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }

    static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
