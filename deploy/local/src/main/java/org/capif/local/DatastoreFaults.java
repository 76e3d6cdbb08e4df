package org.capif.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.capif.testing.db.EmbeddedPostgresServer;
import org.capif.testing.kafka.EmbeddedKafkaBroker;

/**
 * Restarts of the local stack's datastores while the services run, to try what production faults do ({@code
 * capif-local fault kafka-restart|postgres-restart --down PT5S}, and the fault tests): the request is a file in the
 * state directory's {@code control} folder, which the running stack picks up within a second, and answers with a
 * {@code <kind>.done} (or {@code .failed}) file.
 */
final class DatastoreFaults {

    static final List<String> KINDS = List.of("kafka-restart", "postgres-restart");

    private DatastoreFaults() {}

    /** Asks the stack running from {@code state} for a restart and waits for it; what the stack answered. */
    static String request(Path state, String kind, Duration down, Duration timeout) throws Exception {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown fault " + kind + "; one of " + KINDS);
        }
        Path dir = Files.createDirectories(state.resolve("control"));
        Files.deleteIfExists(dir.resolve(kind + ".done"));
        Files.deleteIfExists(dir.resolve(kind + ".failed"));
        Path tmp = Files.createTempFile(dir, ".request-", ".tmp");
        Files.writeString(tmp, down.toString());
        Files.move(tmp, dir.resolve(kind), StandardCopyOption.ATOMIC_MOVE);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(dir.resolve(kind + ".done"))) {
                return Files.readString(dir.resolve(kind + ".done"));
            }
            if (Files.exists(dir.resolve(kind + ".failed"))) {
                throw new IllegalStateException(kind + " failed: " + Files.readString(dir.resolve(kind + ".failed")));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(kind + " not done within " + timeout + " (is the stack running?)");
    }

    /** Carries out the pending requests (called by the running stack about once a second). */
    static void serve(Path state, EmbeddedKafkaBroker kafka, EmbeddedPostgresServer postgres) {
        Path dir = state.resolve("control");
        for (String kind : KINDS) {
            Path request = dir.resolve(kind);
            if (!Files.exists(request)) {
                continue;
            }
            try {
                Duration down = Duration.parse(Files.readString(request).strip());
                Files.delete(request);
                if (down.isNegative() || down.compareTo(Duration.ofMinutes(5)) > 0) {
                    throw new IllegalArgumentException("--down must be between PT0S and PT5M");
                }
                LocalStack.say(kind + ": stopping for " + down);
                long t0 = System.nanoTime();
                if (kind.equals("kafka-restart")) {
                    kafka.stop();
                    Thread.sleep(down.toMillis());
                    kafka.start();
                } else {
                    postgres.restart(down, state.resolve("logs").resolve("postgres-restart.log"));
                }
                String done = String.format("restarted after %d ms", (System.nanoTime() - t0) / 1_000_000);
                LocalStack.say(kind + ": " + done);
                Files.writeString(dir.resolve(kind + ".done"), done);
            } catch (Exception e) {
                LocalStack.say(kind + " failed: " + e.getMessage());
                try {
                    Files.writeString(dir.resolve(kind + ".failed"), String.valueOf(e.getMessage()));
                } catch (IOException ignored) {
                    // the requester times out
                }
            }
        }
    }
}
