package org.capif.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.capif.common.datastore.CapifService;

/**
 * The load balancer of the local stack's cluster mode ({@code capif-local --replicas}): a real HAProxy from the
 * machine's packages that listens on each service's API port and passes the TLS connections through, unopened, to
 * the service's replicas (layer 4, round robin per connection), the way a Kubernetes Service or a TLS-passthrough
 * ingress does. The services therefore still see the callers' own client certificates (mutual TLS end to end). A
 * replica is taken out after two failed TCP checks 300 ms apart, and a connection that cannot reach its replica is
 * sent to another (redispatch). It logs each connection ({@code logs/balancer.log}: client port, chosen replica) as
 * soon as it is established.
 */
final class LocalBalancer implements AutoCloseable {

    /** Where Debian installs it; {@code haproxy} on the PATH otherwise. */
    static final String HAPROXY = "/usr/sbin/haproxy";

    private final Process process;
    private final Path log;

    private LocalBalancer(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts HAProxy in front of the replicas ({@code replicas}: how many of each service) and waits for its ports. */
    static LocalBalancer start(Path state, Ports ports, Map<CapifService, Integer> replicas)
            throws IOException, InterruptedException {
        Path dir = Files.createDirectories(state.resolve("balancer"));
        Path conf = dir.resolve("haproxy.cfg");
        Files.writeString(conf, config(ports, replicas));
        Path log = state.resolve("logs").resolve("balancer.log");
        String haproxy = Files.isExecutable(Path.of(HAPROXY)) ? HAPROXY : "haproxy";
        Process p;
        try {
            p = new ProcessBuilder(haproxy, "-db", "-f", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IOException("--replicas needs HAProxy (Debian: apt-get install haproxy): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (CapifService service : replicas.keySet()) {
            while (true) {
                if (!p.isAlive()) {
                    throw new IOException("HAProxy exited: " + Files.readString(log));
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", ports.api(service)), 500);
                    break;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline) {
                        p.destroyForcibly();
                        throw new IOException("HAProxy did not listen on " + ports.api(service) + "; see " + log);
                    }
                    Thread.sleep(50);
                }
            }
        }
        return new LocalBalancer(p, log);
    }

    static String config(Ports ports, Map<CapifService, Integer> replicas) {
        StringBuilder sb = new StringBuilder(
                """
                global
                    maxconn 4096
                    log stdout format raw local0 info

                defaults
                    mode tcp
                    log global
                    option tcplog
                    option logasap
                    option redispatch
                    retries 2
                    timeout connect 2s
                    timeout client 5m
                    timeout server 5m
                    default-server inter 300ms fall 2 rise 2 check
                """);
        replicas.forEach((service, n) -> {
            String id = service.id();
            sb.append("\nfrontend ")
                    .append(id)
                    .append("\n    bind 127.0.0.1:")
                    .append(ports.api(service))
                    .append("\n    default_backend ")
                    .append(id)
                    .append("\n\nbackend ")
                    .append(id)
                    .append("\n    balance roundrobin\n");
            for (int r = 1; r <= n; r++) {
                sb.append("    server ")
                        .append(id)
                        .append('-')
                        .append(r)
                        .append(" 127.0.0.1:")
                        .append(Ports.replica(ports.api(service), r))
                        .append('\n');
            }
        });
        return sb.toString();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
