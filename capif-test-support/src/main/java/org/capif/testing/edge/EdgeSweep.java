package org.capif.testing.edge;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.capif.testing.db.Sql;
import org.capif.testing.http.RawHttps;
import org.capif.testing.pki.TestPki;

/**
 * Sends every hostile variant of every operation of a service ({@link HostileRequests}) and collects the answers that
 * are not proper refusals ({@link EdgeAnswers}). The caller also checks the log ({@link LogCapture}) and the database
 * ({@link #settledDigest}).
 */
public final class EdgeSweep {

    /** The result: how many requests were sent, and what was wrong with which. */
    public record Result(int sent, Map<HostileRequests.Case, List<String>> failures) {
        public String report() {
            return EdgeAnswers.report(failures);
        }
    }

    private EdgeSweep() {}

    public static Result run(TestPki pki, List<Operation> operations) {
        Map<HostileRequests.Case, List<String>> failures = new LinkedHashMap<>();
        Map<String, RawHttps> clients = new HashMap<>();
        int sent = 0;
        for (Operation op : operations) {
            if (op.port == 0) {
                throw new IllegalArgumentException(op.name() + " has no port");
            }
            RawHttps client = clients.computeIfAbsent(
                    op.port + "/" + (op.client == null ? "-" : op.client.thumbprint()),
                    k -> RawHttps.to(op.port, pki, op.client));
            for (HostileRequests.Case c : HostileRequests.of(op)) {
                RawHttps.Answer answer = client.send(c.method(), c.target(), c.headers(), c.body());
                sent++;
                List<String> wrong = EdgeAnswers.problems(c, answer);
                if (!wrong.isEmpty()) {
                    wrong.add("answered " + abbreviate(answer.status() + " " + answer.text()));
                    failures.put(c, wrong);
                }
            }
        }
        return new Result(sent, failures);
    }

    /**
     * The database digest once background work (outbox relay, event consumers) has settled: the same digest twice,
     * half a second apart, within 30 s.
     */
    public static Map<String, String> settledDigest(Sql sql) {
        Map<String, String> last = sql.digest();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            sleep();
            Map<String, String> now = sql.digest();
            if (Objects.equals(now, last)) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the database did not settle within 30 s: " + last);
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("[\\r\\n]+", " ");
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
