package org.capif.testing;

import org.capif.testing.db.ContainerPostgresServer;
import org.capif.testing.db.EmbeddedPostgresServer;
import org.capif.testing.db.PostgresServer;
import org.capif.testing.kafka.ContainerKafkaBroker;
import org.capif.testing.kafka.EmbeddedKafkaBroker;
import org.capif.testing.kafka.KafkaBroker;
import org.jboss.logging.Logger;
import org.testcontainers.DockerClientFactory;

/**
 * The real Kafka broker and PostgreSQL server of a test JVM, started once on first use and stopped when the JVM ends.
 * Containers are used where a Docker engine answers, embedded servers otherwise; {@code CAPIF_TEST_INFRA=embedded}
 * or {@code containers} forces the choice.
 */
public final class Infrastructure {

    private static final Logger LOG = Logger.getLogger(Infrastructure.class);

    private static KafkaBroker kafka;
    private static PostgresServer postgres;
    private static Boolean containers;

    private Infrastructure() {}

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            long t0 = System.nanoTime();
            kafka = useContainers() ? ContainerKafkaBroker.launch() : EmbeddedKafkaBroker.startEphemeral();
            LOG.infof("Kafka at %s (%d ms)", kafka.bootstrapServers(), (System.nanoTime() - t0) / 1_000_000);
            KafkaBroker k = kafka;
            Runtime.getRuntime().addShutdownHook(new Thread(k::close, "capif-test-kafka-stop"));
        }
        return kafka;
    }

    /** Makes the test JVM's Kafka broker unavailable ({@code false}) or available again ({@code true}). */
    public static void kafkaAvailable(boolean up) {
        if (up) {
            kafka().start();
        } else {
            kafka().stop();
        }
    }

    /** Whether this copy of the class already started the broker (diagnostics for class loader sharing). */
    public static synchronized boolean kafkaStarted() {
        return kafka != null;
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            long t0 = System.nanoTime();
            postgres = useContainers() ? ContainerPostgresServer.launch() : EmbeddedPostgresServer.startEphemeral();
            LOG.infof(
                    "PostgreSQL at %s:%d (%d ms)",
                    postgres.host(), postgres.port(), (System.nanoTime() - t0) / 1_000_000);
            PostgresServer p = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(p::close, "capif-test-postgres-stop"));
        }
        return postgres;
    }

    private static boolean useContainers() {
        if (containers == null) {
            String forced = System.getenv("CAPIF_TEST_INFRA");
            if ("embedded".equals(forced)) {
                containers = false;
            } else if ("containers".equals(forced)) {
                containers = true;
            } else {
                boolean docker;
                if (System.getenv("DOCKER_HOST") == null
                        && !java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))) {
                    docker = false;
                } else
                    try {
                        docker = DockerClientFactory.instance().isDockerAvailable();
                    } catch (Throwable e) {
                        docker = false;
                    }
                containers = docker;
            }
            LOG.infof("test infrastructure: %s", containers ? "Testcontainers" : "embedded servers");
        }
        return containers;
    }
}
