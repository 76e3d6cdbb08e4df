package org.capif.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.capif.cli.Http;
import org.capif.common.datastore.CapifService;
import org.capif.testing.db.EmbeddedPostgresServer;
import org.capif.testing.kafka.EmbeddedKafkaBroker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code capif-local}: the whole CAPIF core on one machine, in the foreground. A real PostgreSQL and a real Kafka broker
 * (embedded, no Docker), and the five services as separate processes with their production configuration (mutual
 * TLS, real keys). State lives in one directory (default {@code .capif-local}), so a second start finds its invokers
 * again; Ctrl-C or {@code capif-local stop} stops everything.
 */
@Command(
        name = "capif-local",
        mixinStandardHelpOptions = true,
        description = "Run the CAPIF core locally.",
        subcommands = {LocalStack.Start.class, LocalStack.Stop.class, LocalStack.Fault.class})
public class LocalStack {

    /** The PostgreSQL superuser's entry in the secrets file. */
    static final String ADMIN = "postgres";

    /** Layout of the state directory; older ones (insecure datastores) must be reset. */
    static final String STATE_VERSION = "3";

    static final String STATE_VERSION_FILE = "state-version";

    static String stateVersion(Path state) throws IOException {
        Path f = state.resolve(STATE_VERSION_FILE);
        return Files.exists(f) ? Files.readString(f).strip() : "1";
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalStack()).execute(args));
    }

    /** Options shared by the commands. */
    static class Common {
        @Option(
                names = "--state-dir",
                defaultValue = ".capif-local",
                description = "State directory (default ${DEFAULT-VALUE}).")
        Path state;

        Path pidFile() {
            return state.resolve("stack.pid");
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the stack in the foreground.")
    static class Start implements Callable<Integer> {

        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--reset", description = "Delete the state directory first (all invokers, keys and data).")
        boolean reset;

        @Option(names = "--port-offset", defaultValue = "0", description = "Add this to every port.")
        int offset;

        @Option(names = "--repo", defaultValue = ".", description = "Repository root with the built services.")
        Path repo;

        @Option(names = "--benchmark", description = "Serve the validator's no-op endpoint (benchmark baseline).")
        boolean benchmark;

        @Option(
                names = "--front",
                description = "Also serve every CAPIF API on one origin (port 8440) through NGINX, which forwards the"
                        + " verified client certificate to the services (decision D26; needs nginx).")
        boolean front;

        @Option(
                names = "--replicas",
                split = ",",
                paramLabel = "SERVICE=N",
                description = "Run N replicas of a service (e.g. token-validator=3,authorization-function=2; at most "
                        + Ports.MAX_REPLICAS + ") behind a TLS-passthrough HAProxy on the service's usual port; replica"
                        + " r listens on that port + 100 r (needs haproxy).")
        Map<String, Integer> replicaOption = new LinkedHashMap<>();

        @Option(
                names = "--sdk-compat",
                description = "Serve GET /getauth for the OpenCAPIF SDK on the provider management service (off by"
                        + " default; see docs/decisions.md).")
        boolean sdkCompat;

        private final List<ServiceProcess> services = new ArrayList<>();
        private EmbeddedPostgresServer postgres;
        private EmbeddedKafkaBroker kafka;
        private LocalFront frontProxy;
        private LocalBalancer balancer;
        private final Map<CapifService, Integer> replicas = new LinkedHashMap<>();
        private final CountDownLatch stopped = new CountDownLatch(1);
        private volatile boolean stopping;

        @Override
        public Integer call() throws Exception {
            Path state = common.state.toAbsolutePath();
            Ports ports = new Ports(offset);
            for (CapifService service : CapifService.values()) {
                replicas.put(service, 1);
            }
            for (Map.Entry<String, Integer> e : replicaOption.entrySet()) {
                Optional<CapifService> service = CapifService.byId(e.getKey());
                if (service.isEmpty() || e.getValue() < 1 || e.getValue() > Ports.MAX_REPLICAS) {
                    System.err.println("capif-local: --replicas " + e.getKey() + "=" + e.getValue() + ": name one of "
                            + java.util.Arrays.stream(CapifService.values())
                                    .map(CapifService::id)
                                    .toList()
                            + " and 1 to " + Ports.MAX_REPLICAS + " replicas");
                    return 2;
                }
                replicas.put(service.get(), e.getValue());
            }
            if (Files.exists(common.pidFile())) {
                long pid = Long.parseLong(Files.readString(common.pidFile()).strip());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    System.err.println("capif-local: a stack is already running from " + state + " (pid " + pid
                            + "); stop it with 'capif-local stop'.");
                    return 2;
                }
            }
            String busy = ports.firstBusy(cluster() ? replicas : Map.of());
            if (busy != null) {
                System.err.println("capif-local: " + busy + " is already in use. Stop what uses it, or start with"
                        + " --port-offset N to shift every port.");
                return 2;
            }
            if (reset) {
                deleteRecursively(state);
            }
            Files.createDirectories(state);
            Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(state.resolve("logs"));
            Files.writeString(common.pidFile(), ProcessHandle.current().pid() + "\n");
            Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "capif-local-stop"));

            LocalPki pki = new LocalPki(state.resolve("pki"));
            if (!pki.exists()) {
                say("creating the local CAPIF CA, certificates and keys in " + pki.dir());
                pki.create();
                Files.writeString(state.resolve(STATE_VERSION_FILE), STATE_VERSION + "\n");
            } else if (!STATE_VERSION.equals(stateVersion(state))) {
                System.err.println("capif-local: " + state + " was made by an older capif-local (without the"
                        + " provider domain, or with PostgreSQL without passwords and Kafka without TLS). Start with"
                        + " --reset to make a new one (its invokers and keys are lost).");
                Files.deleteIfExists(common.pidFile());
                return 2;
            }
            Map<String, String> passwords = passwords(state.resolve("secrets.env"));

            long t0 = System.nanoTime();
            postgres = EmbeddedPostgresServer.startPersistent(
                    state.resolve("postgres"), ports.postgres(), pki.postgres(), passwords.get(ADMIN));
            for (CapifService service : CapifService.values()) {
                postgres.createDatabase(service.role(), passwords.get(service.role()));
            }
            kafka = EmbeddedKafkaBroker.startPersistent(
                    state.resolve("kafka"), ports.kafka(), ports.kafkaController(), pki.kafka());
            createUnownedTopics(kafka);
            say("PostgreSQL on 127.0.0.1:" + ports.postgres() + " (TLS, SCRAM), Kafka on 127.0.0.1:" + ports.kafka()
                    + " (mutual TLS, ACLs) ("
                    + (System.nanoTime() - t0) / 1_000_000 + " ms)");

            if (cluster()) {
                // before the services: the validators fetch the authorization functions' keys through it
                balancer = LocalBalancer.start(state, ports, replicas);
                say("HAProxy (TLS passthrough) in front of the replicas on the services' usual ports");
            }
            // the first replica of each service first (schema migrations, topics), then the others
            for (int r = 1; r <= Ports.MAX_REPLICAS; r++) {
                List<ServiceProcess> wave = new ArrayList<>();
                for (CapifService service : CapifService.values()) {
                    if (r <= replicas.get(service)) {
                        wave.add(start(service, r, passwords, ports, pki, state));
                    }
                }
                services.addAll(wave);
                for (ServiceProcess s : wave) {
                    if (!s.awaitReady(pki.file("ca.crt"), Duration.ofMinutes(2))) {
                        System.err.println("capif-local: " + s.name() + " did not become ready; see " + s.log());
                        return 1;
                    }
                }
            }
            if (front) {
                frontProxy = LocalFront.start(state, pki, ports);
                say("one-origin front (NGINX) on https://localhost:" + ports.front());
            }
            Path credential = state.resolve("onboarding-credential.jwt");
            if (!Files.exists(credential)) {
                mintCredential(pki, ports, credential, "onboarding");
            }
            Path registration = state.resolve("registration-credential.jwt");
            if (!Files.exists(registration)) {
                mintCredential(pki, ports, registration, "registration");
            }
            Path env = writeEndpoints(state, pki, ports, credential, registration, null);
            DemoProvider demo = new DemoProvider(state.resolve("demo-provider"), env);
            if (!demo.exists()) {
                say("registering the demo API provider domain and publishing its two APIs");
                if (!demo.create(pki, ports)) {
                    System.err.println("capif-local: the demo provider domain could not be registered; see above.");
                    return 1;
                }
            }
            env = writeEndpoints(state, pki, ports, credential, registration, demo);
            say("ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            summary(ports, state, env);
            watch();
            stopped.await();
            return 0;
        }

        /**
         * Creates, as the broker's administrator (as an operator does), the topics no service creates itself: those of
         * the token validator, which creates none (its {@code capif.decision-logs}, the decisions it logs for every AEF
         * here, read by event management).
         */
        private static void createUnownedTopics(EmbeddedKafkaBroker kafka) throws Exception {
            List<org.apache.kafka.clients.admin.NewTopic> topics = new ArrayList<>();
            for (String topic : CapifService.TOKEN_VALIDATOR.writes()) {
                topics.add(
                        org.capif.common.datastore.CapifTopics.compacted(topic)
                                ? org.capif.common.outbox.TopicProvisioner.compacted(topic, 3, (short) 1)
                                : org.capif.common.outbox.TopicProvisioner.plain(topic, 3, (short) 1));
            }
            org.capif.common.outbox.TopicProvisioner.ensure(kafka.adminClient(), topics);
        }

        /** Whether any service runs several replicas (behind the balancer). */
        private boolean cluster() {
            return replicas.values().stream().anyMatch(n -> n > 1);
        }

        /** The process name of replica {@code r}: the module, with {@code -r} in cluster mode. */
        private String replicaName(CapifService service, int r) {
            return cluster() ? service.id() + "-" + r : service.id();
        }

        /** The API port a replica listens on (the service's port, or the replica's behind the balancer). */
        private int apiPort(CapifService service, int r, Ports ports) {
            return cluster() ? Ports.replica(ports.api(service), r) : ports.api(service);
        }

        private int managementPort(CapifService service, int r, Ports ports) {
            return cluster() ? Ports.replica(ports.management(service), r) : ports.management(service);
        }

        /** Every replica's management port. */
        private List<Integer> managementPorts(Ports ports) {
            List<Integer> out = new ArrayList<>();
            for (CapifService service : CapifService.values()) {
                for (int r = 1; r <= replicas.get(service); r++) {
                    out.add(managementPort(service, r, ports));
                }
            }
            return out;
        }

        /** Replica {@code r} (from 1) of a service with its production configuration. */
        private ServiceProcess start(
                CapifService service, int r, Map<String, String> passwords, Ports ports, LocalPki pki, Path state) {
            Map<String, String> config =
                    switch (service) {
                        case INVOKER_MANAGEMENT -> invokerManagement(pki, ports);
                        case AUTHORIZATION_FUNCTION -> authorizationFunction(pki, ports);
                        case TOKEN_VALIDATOR -> tokenValidator(pki, ports);
                        case PROVIDER_MANAGEMENT -> providerManagement(pki, ports);
                        case EVENT_MANAGEMENT -> eventManagement(pki, ports);
                    };
            // the callers' address (api-root, issuer) stays the balancer's; the replica listens on its own port
            config.put("quarkus.http.ssl-port", String.valueOf(apiPort(service, r, ports)));
            return start(
                    service,
                    replicaName(service, r),
                    config,
                    passwords,
                    managementPort(service, r, ports),
                    ports,
                    pki,
                    state);
        }

        /**
         * Starts a service as its own JVM: its own certificate (HTTPS and Kafka identity), its own database role; the
         * role's password goes in the environment, never on the command line.
         */
        private ServiceProcess start(
                CapifService service,
                String name,
                Map<String, String> config,
                Map<String, String> passwords,
                int management,
                Ports ports,
                LocalPki pki,
                Path state) {
            String module = service.id();
            String db = service.role();
            Map<String, String> all = new LinkedHashMap<>(config);
            all.put("quarkus.http.host", "127.0.0.1");
            all.put("quarkus.management.host", "127.0.0.1");
            all.put("quarkus.management.port", String.valueOf(management));
            all.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/" + db);
            all.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + ports.postgres() + "/" + db);
            all.put("quarkus.datasource.username", db);
            all.put("capif.datasource.ca-cert", pki.file("ca.crt").toString());
            all.put("kafka.bootstrap.servers", "127.0.0.1:" + ports.kafka());
            all.put("capif.kafka.replication-factor", "1");
            all.put("capif.kafka.partitions", "3");
            all.put("capif.tls.ca-cert", state.resolve("pki/ca.crt").toString());
            all.put("capif.tls.cert", pki.serviceCert(service).toString());
            all.put("capif.tls.key", pki.serviceKey(service).toString());
            if (front) {
                all.put("capif.tls.trusted-proxies", LocalPki.FRONT_ID);
                if (all.containsKey("capif.api-root")) {
                    all.put("capif.api-root", "https://localhost:" + ports.front());
                }
            }
            return ServiceProcess.start(
                    name,
                    module,
                    repo.toAbsolutePath(),
                    all,
                    Map.of("QUARKUS_DATASOURCE_PASSWORD", passwords.get(db)),
                    state.resolve("logs"),
                    management,
                    List.of(
                            "-Xmx256m",
                            "-XX:+ExitOnOutOfMemoryError",
                            "-Xlog:gc:file=" + state.resolve("logs").resolve(name + "-gc.log") + ":time,uptime"));
        }

        private Map<String, String> invokerManagement(LocalPki pki, Ports ports) {
            return credentialIssuer(pki, ports.imApi(), "capif-invoker-management");
        }

        /** A service that issues certificates from the CAPIF CA and accepts operator-minted single-use credentials. */
        private static Map<String, String> credentialIssuer(LocalPki pki, int apiPort, String audience) {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("quarkus.http.ssl-port", String.valueOf(apiPort));
            c.put("capif.api-root", "https://localhost:" + apiPort);
            c.put("capif.ca.cert", pki.file("ca.crt").toString());
            c.put("capif.ca.key", pki.file("ca.key").toString());
            c.put(
                    "capif.credential.signing-key",
                    pki.file("credential-signing.key").toString());
            c.put(
                    "capif.credential.verification-key",
                    pki.file("credential-signing.pub").toString());
            c.put("capif.credential.issuer", "capif-local-operator");
            c.put("capif.credential.audience", audience);
            return c;
        }

        private Map<String, String> providerManagement(LocalPki pki, Ports ports) {
            Map<String, String> c = credentialIssuer(pki, ports.pmApi(), "capif-provider-management");
            // A lab on one machine: the demo AEF's interface is localhost, which production refuses to publish.
            c.put("capif.publish.allow-internal-addresses", "true");
            c.put("capif.sdk-compat.enabled", String.valueOf(sdkCompat));
            return c;
        }

        private Map<String, String> eventManagement(LocalPki pki, Ports ports) {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("capif.api-root", "https://localhost:" + ports.emApi());
            // A lab on one machine: subscribers' callback receivers run on this machine, which production refuses,
            // and may serve a certificate of the local CA.
            c.put("capif.callbacks.allowed-networks", "127.0.0.1/32");
            c.put("capif.callbacks.trust-certs", pki.file("ca.crt").toString());
            return c;
        }

        private Map<String, String> authorizationFunction(LocalPki pki, Ports ports) {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("quarkus.http.ssl-port", String.valueOf(ports.afApi()));
            c.put("capif.api-root", "https://localhost:" + ports.afApi());
            c.put("capif.token.issuer", issuer(ports));
            c.put("capif.token.keys-dir", pki.file("token-keys").toString());
            return c;
        }

        private Map<String, String> tokenValidator(LocalPki pki, Ports ports) {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("quarkus.http.ssl-port", String.valueOf(ports.validatorApi()));
            c.put("capif.token.issuer", issuer(ports));
            c.put("capif.jwks.uri", "https://localhost:" + ports.afApi() + "/.well-known/jwks.json");
            c.put(
                    "capif.jwks.client-cert",
                    pki.serviceCert(CapifService.TOKEN_VALIDATOR).toString());
            c.put(
                    "capif.jwks.client-key",
                    pki.serviceKey(CapifService.TOKEN_VALIDATOR).toString());
            c.put("capif.benchmark.noop-enabled", String.valueOf(benchmark));
            // every AEF's decisions become invocation logs, so that `capif audit` shows them: the demo AEF's id is only
            // assigned at registration, after the validator started (decision D28)
            c.put("capif.invocation-log.aefs", "*");
            return c;
        }

        static String issuer(Ports ports) {
            return "https://localhost:" + ports.afApi() + "/capif-security";
        }

        private void mintCredential(LocalPki pki, Ports ports, Path out, String kind) throws IOException {
            String url = "onboarding".equals(kind)
                    ? "https://localhost:" + ports.imApi() + "/capif-admin/v1/onboarding-credentials"
                    : "https://localhost:" + ports.pmApi() + "/capif-admin/v1/registration-credentials";
            Http.Answer minted = Http.of(pki.file("ca.crt"), pki.file("operator.crt"), pki.file("operator.key"))
                    .json("POST", url, Map.of("subject", "local-demo-" + kind, "lifetimeSeconds", 7 * 24 * 3600));
            Files.writeString(out, minted.json().path("credential").asText() + "\n");
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-------"));
        }

        /**
         * Writes {@code endpoints.env}: where everything is and which files identify whom; with the demo provider's
         * AEF, APF and AMF once it is registered.
         */
        private Path writeEndpoints(
                Path state, LocalPki pki, Ports ports, Path credential, Path registration, DemoProvider demo)
                throws IOException {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("CAPIF_INVOKER_MANAGEMENT_URL", "https://localhost:" + ports.imApi());
            env.put("CAPIF_SECURITY_URL", "https://localhost:" + ports.afApi());
            env.put("CAPIF_VALIDATOR_URL", "https://localhost:" + ports.validatorApi());
            env.put("CAPIF_PROVIDER_MANAGEMENT_URL", "https://localhost:" + ports.pmApi());
            env.put("CAPIF_EVENTS_URL", "https://localhost:" + ports.emApi());
            if (front) {
                env.put("CAPIF_FRONT_URL", "https://localhost:" + ports.front());
            }
            env.put("CAPIF_CA_CERT", pki.file("ca.crt").toString());
            env.put("CAPIF_ONBOARDING_TOKEN_FILE", credential.toString());
            env.put("CAPIF_REGISTRATION_TOKEN_FILE", registration.toString());
            env.put("CAPIF_OPERATOR_CERT", pki.file("operator.crt").toString());
            env.put("CAPIF_OPERATOR_KEY", pki.file("operator.key").toString());
            if (demo != null && demo.exists()) {
                env.putAll(demo.endpoints());
            }
            env.put("CAPIF_TOKEN_ISSUER", issuer(ports));
            env.put(
                    "CAPIF_MONITORING_CERT",
                    pki.file(LocalPki.MONITORING + ".crt").toString());
            env.put(
                    "CAPIF_MONITORING_KEY",
                    pki.file(LocalPki.MONITORING + ".key").toString());
            env.put(
                    "CAPIF_MANAGEMENT_PORTS",
                    String.join(
                            ",",
                            managementPorts(ports).stream().map(String::valueOf).toList()));
            for (CapifService service : CapifService.values()) {
                if (cluster()) {
                    List<String> urls = new ArrayList<>();
                    for (int r = 1; r <= replicas.get(service); r++) {
                        urls.add("https://localhost:" + apiPort(service, r, ports));
                    }
                    // each replica directly, bypassing the balancer (tests, diagnosis)
                    env.put(
                            "CAPIF_"
                                    + service.id()
                                            .toUpperCase(java.util.Locale.ROOT)
                                            .replace('-', '_') + "_REPLICAS",
                            String.join(",", urls));
                }
            }
            StringBuilder sb = new StringBuilder(
                    "# Written by capif-local. Source it: . " + state.resolve("endpoints.env") + "\n");
            env.forEach((k, v) ->
                    sb.append("export ").append(k).append("='").append(v).append("'\n"));
            Path file = state.resolve("endpoints.env");
            Files.writeString(file, sb.toString());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        }

        private void summary(Ports ports, Path state, Path env) {
            System.out.println();
            System.out.println("CAPIF core is running (Ctrl-C or 'capif-local stop' to stop):");
            System.out.printf(
                    "  invoker-management      https://localhost:%d   (health https://localhost:%d/q/health)%n",
                    ports.imApi(), ports.imManagement());
            System.out.printf(
                    "  authorization-function  https://localhost:%d   (health https://localhost:%d/q/health)%n",
                    ports.afApi(), ports.afManagement());
            System.out.printf(
                    "  token-validator         https://localhost:%d   (health https://localhost:%d/q/health)%n",
                    ports.validatorApi(), ports.validatorManagement());
            System.out.printf(
                    "  provider-management     https://localhost:%d   (health https://localhost:%d/q/health)%n",
                    ports.pmApi(), ports.pmManagement());
            System.out.printf(
                    "  event-management        https://localhost:%d   (health https://localhost:%d/q/health)%n",
                    ports.emApi(), ports.emManagement());
            System.out.printf(
                    "  PostgreSQL 127.0.0.1:%d (TLS, SCRAM; passwords in %s), Kafka 127.0.0.1:%d (mutual TLS, ACLs)%n",
                    ports.postgres(), state.resolve("secrets.env"), ports.kafka());
            if (frontProxy != null) {
                System.out.printf(
                        "  one-origin front        https://localhost:%d   (NGINX, every CAPIF API)%n", ports.front());
            }
            if (balancer != null) {
                System.out.printf(
                        "  load balancer           HAProxy (TLS passthrough) on the ports above, pid %d; replicas: %s%n",
                        balancer.pid(), replicas);
            }
            for (ServiceProcess s : services) {
                System.out.printf("  %-23s pid %d, log %s%n", s.name(), s.pid(), s.log());
            }
            System.out.println("  state: " + state);
            System.out.println("  endpoints: . " + env);
            System.out.println("capif-local: ready");
            System.out.flush();
        }

        /**
         * Stops everything if a service dies; in cluster mode, only once the last replica of a service died (the
         * balancer sends its callers to the others meanwhile, as a Kubernetes Service would).
         */
        private void watch() {
            Thread t = new Thread(
                    () -> {
                        java.util.Set<String> reported = new java.util.HashSet<>();
                        while (!stopping) {
                            for (ServiceProcess s : services) {
                                if (s.alive() || stopping || !reported.add(s.name())) {
                                    continue;
                                }
                                String module = cluster() ? s.name().replaceAll("-\\d+$", "") : s.name();
                                boolean othersAlive = services.stream()
                                        .anyMatch(o -> o.alive()
                                                && (cluster() ? o.name().replaceAll("-\\d+$", "") : o.name())
                                                        .equals(module));
                                if (othersAlive) {
                                    System.err.println("capif-local: " + s.name() + " exited; see " + s.log()
                                            + ". The other replicas serve on.");
                                } else {
                                    System.err.println("capif-local: " + s.name() + " exited; see " + s.log()
                                            + ". Stopping the stack.");
                                    System.exit(1);
                                }
                            }
                            DatastoreFaults.serve(common.state.toAbsolutePath(), kafka, postgres);
                            sleep(1000);
                        }
                    },
                    "capif-local-watch");
            t.setDaemon(true);
            t.start();
        }

        private synchronized void shutdown() {
            if (stopped.getCount() == 0) {
                return;
            }
            stopping = true;
            say("stopping");
            if (frontProxy != null) {
                frontProxy.close();
            }
            if (balancer != null) {
                balancer.close();
            }
            for (int i = services.size() - 1; i >= 0; i--) {
                services.get(i).stop(Duration.ofSeconds(20));
            }
            if (kafka != null) {
                kafka.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            try {
                Files.deleteIfExists(common.pidFile());
            } catch (IOException ignored) {
                // best effort
            }
            say("stopped");
            stopped.countDown();
        }

        /**
         * Database passwords (the superuser's and each service role's), generated once and kept in the state directory
         * (mode 0600 from the first byte). They reach PostgreSQL as SCRAM verifiers and the services through their
         * environment.
         */
        private static Map<String, String> passwords(Path file) throws IOException {
            if (!Files.exists(file)) {
                SecureRandom random = new SecureRandom();
                StringBuilder sb = new StringBuilder();
                List<String> names = new ArrayList<>();
                names.add(ADMIN);
                for (CapifService service : CapifService.values()) {
                    names.add(service.role());
                }
                for (String db : names) {
                    byte[] b = new byte[18];
                    random.nextBytes(b);
                    sb.append(db)
                            .append('=')
                            .append(HexFormat.of().formatHex(b))
                            .append('\n');
                }
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, sb.toString());
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    out.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return out;
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stop a stack started from this state directory.")
    static class Stop implements Callable<Integer> {

        @CommandLine.Mixin
        Common common = new Common();

        @Override
        public Integer call() throws Exception {
            if (!Files.exists(common.pidFile())) {
                System.err.println("capif-local: no stack is running from " + common.state.toAbsolutePath());
                return 1;
            }
            long pid = Long.parseLong(Files.readString(common.pidFile()).strip());
            Optional<ProcessHandle> stack = ProcessHandle.of(pid);
            if (stack.isEmpty() || !stack.get().isAlive()) {
                Files.deleteIfExists(common.pidFile());
                System.err.println("capif-local: the stack (pid " + pid + ") is not running");
                return 1;
            }
            stack.get().destroy();
            stack.get().onExit().get(60, TimeUnit.SECONDS);
            System.out.println("capif-local: stopped");
            return 0;
        }
    }

    @Command(
            name = "fault",
            mixinStandardHelpOptions = true,
            description = "Restart a datastore of the stack running from this state directory, to try what the services"
                    + " do: kafka-restart (the broker stops, stays down, starts again) or postgres-restart (a fast"
                    + " shutdown, then a start).")
    static class Fault implements Callable<Integer> {

        @CommandLine.Mixin
        Common common = new Common();

        @CommandLine.Parameters(index = "0", description = "kafka-restart or postgres-restart")
        String kind;

        @Option(
                names = "--down",
                defaultValue = "PT5S",
                description = "How long it stays down (default ${DEFAULT-VALUE}).")
        Duration down;

        @Override
        public Integer call() throws Exception {
            if (!DatastoreFaults.KINDS.contains(kind)) {
                System.err.println("capif-local: unknown fault " + kind + "; one of " + DatastoreFaults.KINDS);
                return 2;
            }
            if (!Files.exists(common.pidFile())) {
                System.err.println("capif-local: no stack is running from " + common.state.toAbsolutePath());
                return 1;
            }
            System.out.println("capif-local: " + kind + ": "
                    + DatastoreFaults.request(common.state.toAbsolutePath(), kind, down, down.plusMinutes(2)));
            return 0;
        }
    }

    static void say(String message) {
        System.out.println("capif-local: " + message);
        System.out.flush();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
