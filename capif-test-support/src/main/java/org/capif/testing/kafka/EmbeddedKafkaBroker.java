package org.capif.testing.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.capif.common.datastore.KafkaAcls;

/**
 * A single-node Kafka broker in KRaft mode (combined broker and controller) running in this JVM, on 127.0.0.1 and
 * free ports, with replication factors of 1, secured as a production cluster should be: every listener (the client
 * listener and the KRaft controller listener) is TLS 1.3 with client certificates required; service certificates are
 * mapped to their service names ({@link KafkaAcls#PRINCIPAL_MAPPING_RULES}); the {@code StandardAuthorizer} denies
 * whatever no ACL allows, and the ACLs of {@link KafkaAcls} are (re)applied at every start. Only the broker itself and
 * the administrator of {@link KafkaTls} are super users. Its log directory is deleted on {@link #close()} unless it
 * was given one to keep.
 */
public final class EmbeddedKafkaBroker implements KafkaBroker {

    private final Path logDir;
    private final KafkaTls tls;
    private final boolean deleteOnClose;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path logDir, KafkaTls tls, boolean deleteOnClose, int port, int controllerPort) {
        this.logDir = logDir;
        this.tls = tls;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Starts a throw-away broker on free ports. */
    public static EmbeddedKafkaBroker startEphemeral(KafkaTls tls) {
        try {
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(
                    Files.createTempDirectory("capif-kafka-"), tls, true, freePort(), freePort());
            broker.format();
            broker.start();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a broker keeping its data in {@code logDir} (formatted on first use) on the given ports. */
    public static EmbeddedKafkaBroker startPersistent(Path logDir, int port, int controllerPort, KafkaTls tls) {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(logDir, tls, false, port, controllerPort);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            broker.format();
        }
        broker.start();
        return broker;
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Port of the KRaft controller listener (TLS with client certificates too). */
    public int controllerPort() {
        return controllerPort;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(properties(), false), Time.SYSTEM);
        s.startup();
        server = s;
        applyAcls();
    }

    /** Client configuration of the broker's administrator (a super user), for set-up and assertions. */
    public Map<String, Object> adminClient() {
        return tls.adminClient(bootstrapServers());
    }

    /** Creates the ACLs of every CAPIF service (creating an existing ACL changes nothing). */
    private void applyAcls() {
        Map<String, Object> config = new HashMap<>(adminClient());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(config)) {
            admin.createAcls(KafkaAcls.all()).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the Kafka ACLs", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the Kafka ACLs", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    @Override
    public synchronized void close() {
        stop();
        if (deleteOnClose) {
            deleteRecursively(logDir);
        }
    }

    private void format() {
        try {
            Files.createDirectories(logDir);
            Path config = Files.createTempFile("capif-kafka-", ".properties");
            try (var out = Files.newOutputStream(config)) {
                properties().store(out, null);
            }
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            int rc = StorageTool.execute(
                    new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
                    new PrintStream(log, true, StandardCharsets.UTF_8));
            Files.deleteIfExists(config);
            if (rc != 0) {
                throw new IllegalStateException("kafka storage format failed: " + log.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "BROKER://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "BROKER://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "BROKER");
        p.put("listener.security.protocol.map", "BROKER:SSL,CONTROLLER:SSL");
        // TLS on both listeners; the broker's own connections to its controller present its certificate too
        p.put("ssl.keystore.type", "PEM");
        p.put("ssl.keystore.location", tls.brokerKeyStore().toString());
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", tls.caCert().toString());
        p.put("ssl.client.auth", "required");
        p.put("ssl.protocol", "TLSv1.3");
        p.put("ssl.enabled.protocols", "TLSv1.3");
        p.put("ssl.endpoint.identification.algorithm", "https");
        p.put("ssl.principal.mapping.rules", KafkaAcls.PRINCIPAL_MAPPING_RULES);
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("super.users", KafkaTls.BROKER_PRINCIPAL + ";" + KafkaTls.ADMIN_PRINCIPAL);
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "3");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp directory left behind is harmless
        }
    }
}
