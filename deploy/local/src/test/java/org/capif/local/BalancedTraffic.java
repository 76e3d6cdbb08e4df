package org.capif.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Requests (the same one over and over) sent without pause through the balancer by several workers, each on its own kept-alive connection
 * (opened again after a failure), recording every answer and every failure with the client port of its connection,
 * which the balancer's log ties to a replica.
 */
final class BalancedTraffic {

    /** {@code 127.0.0.1:<client port> [date] <frontend> <backend>/<server> ...}, HAProxy's TCP log line. */
    private static final Pattern LOG = Pattern.compile("^127\\.0\\.0\\.1:(\\d+) \\[[^]]+] \\S+ ([^/ ]+)/(\\S+) ");

    /** A request that got no answer: on which connection, when, and why. */
    record Failure(int clientPort, long atNanos, String error) {}

    private record Answer(int clientPort, long atNanos, boolean allowed) {}

    /** One request: method, path, content type and content (both null for none). */
    record Request(String method, String path, String contentType, String content) {}

    private final SSLContext tls;
    private final int port;
    private final Request request;
    private final Predicate<KeptAliveHttps.Answer> expected;
    private final List<Thread> workers = new ArrayList<>();
    private final List<List<Answer>> answers = new ArrayList<>();
    private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stop;

    /** {@code expected}: what every answer must be (counted otherwise in {@link Result#notAllowed()}). */
    BalancedTraffic(SSLContext tls, int port, Request request, Predicate<KeptAliveHttps.Answer> expected, int workers) {
        this.tls = tls;
        this.port = port;
        this.request = request;
        this.expected = expected;
        for (int i = 0; i < workers; i++) {
            List<Answer> mine = Collections.synchronizedList(new ArrayList<>());
            answers.add(mine);
            this.workers.add(new Thread(() -> run(mine), "balanced-traffic-" + i));
        }
    }

    void start() {
        workers.forEach(Thread::start);
    }

    private void run(List<Answer> mine) {
        try (KeptAliveHttps connection = new KeptAliveHttps(tls, port)) {
            while (!stop) {
                try {
                    KeptAliveHttps.Answer a =
                            connection.send(request.method(), request.path(), request.contentType(), request.content());
                    mine.add(new Answer(connection.lastPort(), System.nanoTime(), expected.test(a)));
                } catch (java.io.IOException | RuntimeException e) {
                    failures.add(new Failure(connection.lastPort(), System.nanoTime(), e.toString()));
                }
            }
        }
    }

    /** Stops the workers (each finishes its request in flight) and returns what happened. */
    Result stop() throws InterruptedException {
        stop = true;
        for (Thread t : workers) {
            t.join(30_000);
        }
        List<List<Answer>> copy = new ArrayList<>();
        answers.forEach(a -> copy.add(List.copyOf(a)));
        return new Result(copy, List.copyOf(failures));
    }

    /** The replica (HAProxy server name) behind each client port of the backend, from the balancer's log. */
    static Map<Integer, String> serversByClientPort(String log, String backend) {
        Map<Integer, String> out = new HashMap<>();
        for (String line : log.split("\n")) {
            Matcher m = LOG.matcher(line);
            if (m.find() && m.group(2).equals(backend)) {
                out.put(Integer.parseInt(m.group(1)), m.group(3));
            }
        }
        return out;
    }

    /** What the workers saw. */
    record Result(List<List<Answer>> perWorker, List<Failure> errors) {

        int answers() {
            return perWorker.stream().mapToInt(List::size).sum();
        }

        long notAllowed() {
            return perWorker.stream()
                    .flatMap(List::stream)
                    .filter(a -> !a.allowed())
                    .count();
        }

        /** Per worker, the answers it got from {@code nanos} on. */
        List<Long> answersAfter(long nanos) {
            return perWorker.stream()
                    .map(l -> l.stream().filter(a -> a.atNanos() >= nanos).count())
                    .toList();
        }

        /** The replicas that answered between two instants ({@link System#nanoTime()}). */
        Set<String> serversBetween(Map<Integer, String> servers, long fromNanos, long toNanos) {
            Set<String> out = new TreeSet<>();
            perWorker.stream()
                    .flatMap(List::stream)
                    .filter(a -> a.atNanos() >= fromNanos && a.atNanos() < toNanos)
                    .forEach(a -> out.add(servers.getOrDefault(a.clientPort(), "unknown")));
            return out;
        }

        String summary(Map<Integer, String> servers) {
            Map<String, Integer> byServer = new TreeMap<>();
            perWorker.stream()
                    .flatMap(List::stream)
                    .forEach(a -> byServer.merge(servers.getOrDefault(a.clientPort(), "unknown"), 1, Integer::sum));
            Map<String, Integer> errorsByServer = new LinkedHashMap<>();
            errors.forEach(f -> errorsByServer.merge(servers.getOrDefault(f.clientPort(), "unknown"), 1, Integer::sum));
            return answers() + " decisions answered " + byServer + ", " + errors.size() + " failed " + errorsByServer
                    + (errors.isEmpty() ? "" : " (" + errors.get(0).error() + ")");
        }
    }
}
