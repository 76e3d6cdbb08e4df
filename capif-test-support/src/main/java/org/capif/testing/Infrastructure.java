package org.capif.testing;

import java.nio.file.Path;
import org.capif.testing.db.EmbeddedPostgresServer;
import org.capif.testing.db.PostgresServer;
import org.capif.testing.db.PostgresTls;
import org.capif.testing.kafka.EmbeddedKafkaBroker;
import org.capif.testing.kafka.KafkaBroker;
import org.capif.testing.kafka.KafkaTls;
import org.capif.testing.pki.TestPki;
import org.jboss.logging.Logger;

/**
 * The run-time PKI, the real Kafka broker and the real PostgreSQL server of a test JVM, each made once on first use;
 * the servers stop when the JVM ends. Both servers are secured as in production (verified TLS, authentication,
 * least privilege): see {@link EmbeddedPostgresServer} and {@link EmbeddedKafkaBroker}.
 */
public final class Infrastructure {

    private static final Logger LOG = Logger.getLogger(Infrastructure.class);

    private static TestPki pki;
    private static KafkaBroker kafka;
    private static PostgresServer postgres;

    private Infrastructure() {}

    /**
     * The test PKI: the one whose directory the system property {@link CapifTestResource#PKI_DIR} names (so that every
     * class loader of a Quarkus test JVM shares it), or a new one, whose directory is then put there.
     */
    public static synchronized TestPki pki() {
        if (pki == null) {
            String dir = System.getProperty(CapifTestResource.PKI_DIR);
            if (dir != null) {
                pki = TestPki.load(Path.of(dir));
            } else {
                pki = TestPki.create();
                System.setProperty(CapifTestResource.PKI_DIR, pki.dir().toString());
            }
        }
        return pki;
    }

    /** TLS material of the test broker and its administrator. */
    public static KafkaTls kafkaTls() {
        return KafkaTls.of(pki());
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            long t0 = System.nanoTime();
            // The broker runs in the test JVM and is its first TLS server: the JDK reads this property once, at the
            // first server handshake, so it must be set before, as the services' RenegotiationPolicy sets it before
            // their own first handshake in production (where no broker shares their JVM).
            System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
            kafka = EmbeddedKafkaBroker.startEphemeral(kafkaTls());
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
            postgres = EmbeddedPostgresServer.startEphemeral(PostgresTls.of(pki()));
            LOG.infof(
                    "PostgreSQL at %s:%d (%d ms)",
                    postgres.host(), postgres.port(), (System.nanoTime() - t0) / 1_000_000);
            PostgresServer p = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(p::close, "capif-test-postgres-stop"));
        }
        return postgres;
    }
}
