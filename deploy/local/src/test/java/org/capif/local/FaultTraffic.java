package org.capif.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes and reads under a datastore fault (issue 12): while a Kafka broker or PostgreSQL restart runs, one worker
 * onboards invokers (through either invoker management), creates their security contexts (either authorization
 * function) and revokes every other one; another publishes APIs as the demo provider; a third asks for tokens and
 * decisions without pause. Every write acknowledged is remembered, every refusal counted by its status; afterwards
 * {@link #verify()} checks that no acknowledged write was lost.
 */
final class FaultTraffic {

    private static final Pattern PUBLISHED = Pattern.compile("published (api-[0-9a-f-]+) ");

    /** An onboarding acknowledged, its context once created, and whether its revocation was acknowledged. */
    record Onboarded(ClusterInvoker invoker, String token, boolean revoked) {}

    private final RunningStack stack;
    private final PlainHttps aef;
    private final List<String> validators;
    private final String label;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Onboarded> onboarded = new ConcurrentLinkedQueue<>();
    private final Map<String, String> published = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> lost = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final List<Thread> workers = new ArrayList<>();

    FaultTraffic(RunningStack stack, PlainHttps aef, List<String> validators, String label) {
        this.stack = stack;
        this.aef = aef;
        this.validators = validators;
        this.label = label;
    }

    void start(ClusterInvoker steady) throws Exception {
        String lb = stack.env("CAPIF_SECURITY_URL");
        workers.add(worker("lifecycle", n -> {
            ClusterInvoker i;
            try {
                i = ClusterInvoker.onboard(stack, label + "-" + n, stack.env("CAPIF_INVOKER_MANAGEMENT_URL"));
            } catch (AssertionError e) {
                count("onboarding refused: " + firstLine(e.getMessage()));
                return;
            }
            count("onboarding 201");
            HttpResponse<String> context = i.createContext(lb);
            count("context " + context.statusCode());
            if (context.statusCode() != 201) {
                lost.add("onboarded " + i.id() + " but its context answered " + context.statusCode());
                return;
            }
            String token = i.token(lb);
            boolean revoke = n % 2 == 0;
            if (revoke) {
                HttpResponse<String> deleted =
                        aef.send("DELETE", lb + "/capif-security/v1/trustedInvokers/" + i.id(), null, null);
                count("revocation " + deleted.statusCode());
                revoke = deleted.statusCode() == 204;
            }
            onboarded.add(new Onboarded(i, token, revoke));
        }));
        workers.add(worker("publisher", n -> {
            RunningStack.Cli out = stack.cli(
                    "api",
                    "publish",
                    "--dir",
                    stack.env("CAPIF_PROVIDER_DIR"),
                    "--name",
                    label + "-api-" + n,
                    "--aef",
                    "aef-1",
                    "--methods",
                    "OAUTH",
                    "--fqdn",
                    "localhost",
                    "--resource",
                    "items:/items/{id}:GET");
            Matcher m = PUBLISHED.matcher(out.output());
            if (out.exitCode() == 0 && m.find()) {
                count("publication 201");
                published.put(label + "-api-" + n, m.group(1));
            } else {
                count("publication refused: " + firstLine(out.output()));
            }
        }));
        String body = steady.decisionBody(steady.token(lb));
        workers.add(worker("decisions", n -> {
            for (String validator : validators) {
                try {
                    HttpResponse<String> r =
                            aef.send("POST", validator + "/token-validator/v1/decisions", "application/json", body);
                    count("decision " + r.statusCode() + " "
                            + ClusterInvoker.json(r.body()).path("reason").asText());
                } catch (Exception e) {
                    count("decision error " + e.getClass().getSimpleName());
                }
            }
        }));
        workers.forEach(Thread::start);
    }

    void stop() throws Exception {
        running.set(false);
        for (Thread t : workers) {
            t.join(Duration.ofMinutes(2).toMillis());
        }
    }

    /** The answers seen, by kind and status, sorted. */
    Map<String, Integer> answers() {
        Map<String, Integer> out = new TreeMap<>();
        answers.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /**
     * Every acknowledged write took effect everywhere: each onboarded invoker's token is allowed at every validator,
     * or denied everywhere once its revocation was acknowledged; each published API is discoverable by a fresh
     * invoker's grant (the invoker management replicas learned of it). Returns what was checked.
     */
    String verify() throws Exception {
        assertThat(lost).as("acknowledged writes lost").isEmpty();
        int allowed = 0;
        int denied = 0;
        for (Onboarded o : onboarded) {
            for (String validator : validators) {
                String expected = o.revoked() ? "DENY" : "ALLOW";
                awaitDecision(validator, o.invoker().decisionBody(o.token()), expected);
            }
            if (o.revoked()) {
                denied++;
            } else {
                allowed++;
            }
        }
        assertThat(onboarded).as("onboardings acknowledged during the run").isNotEmpty();
        assertThat(published).as("publications acknowledged during the run").isNotEmpty();
        // invoker management grants only what it learned was published: one invoker asks for every API published
        Path credential = stack.state().resolve("invokers").resolve(label + "-all.jwt");
        RunningStack.Cli minted =
                stack.cli("operator", "mint-credential", "--subject", label + "-all", "--out", credential.toString());
        assertThat(minted.exitCode()).as(minted.output()).isZero();
        List<String> apis = new ArrayList<>();
        published.keySet().forEach(name -> apis.add(name + "@" + stack.env("CAPIF_AEF_ID")));
        RunningStack.Cli all = stack.cli(
                "invoker",
                "onboard",
                "--dir",
                stack.state().resolve("invokers").resolve(label + "-all").toString(),
                "--credential-file",
                credential.toString(),
                "--apis",
                String.join(",", apis));
        assertThat(all.exitCode()).as(all.output()).isZero();
        for (String apiId : published.values()) {
            assertThat(all.output()).as("granted after the fault").contains("subscribed:  " + apiId);
        }
        return String.format(
                "%d onboardings with contexts (%d allowed, %d revoked: denied at every validator), %d publications",
                onboarded.size(), allowed, denied, published.size());
    }

    private void awaitDecision(String validator, String body, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last;
        do {
            HttpResponse<String> r =
                    aef.send("POST", validator + "/token-validator/v1/decisions", "application/json", body);
            var answer = ClusterInvoker.json(r.body());
            last = r.statusCode() + " " + answer.path("decision").asText() + " "
                    + answer.path("reason").asText();
            if (r.statusCode() == 200 && expected.equals(answer.path("decision").asText())) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(validator + " never answered " + expected + "; last " + last);
    }

    private interface Step {
        void run(int n) throws Exception;
    }

    private Thread worker(String name, Step step) {
        return new Thread(
                () -> {
                    int n = 0;
                    while (running.get()) {
                        try {
                            step.run(n++);
                        } catch (Throwable e) {
                            count(name + " error: " + firstLine(String.valueOf(e.getMessage())));
                        }
                    }
                },
                "fault-" + name);
    }

    private void count(String what) {
        answers.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    private static String firstLine(String s) {
        String line = s == null ? "" : s.strip().lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 120) : line;
    }
}
