package org.capif.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.capif.common.datastore.CapifService;
import org.capif.common.datastore.CapifTopics;
import org.capif.common.outbox.TopicProvisioner;
import org.capif.testing.db.Database;
import org.capif.testing.pki.TestPki;

/**
 * Starts what a CAPIF service needs for {@code @QuarkusTest}s, once per test JVM: a real PostgreSQL with the service's
 * own least-privilege role, database and schema; a real Kafka broker with the CAPIF topics and ACLs; and a run-time
 * PKI with the service's own certificate, which it serves HTTPS with and connects to Kafka with. Declare it once per
 * module (global scope) with the init argument {@code database} (the service's role, e.g. {@code capif_invoker}) or
 * {@code service} (its name, e.g. {@code invoker-management}); the other is taken from {@link CapifService}. The
 * configuration it returns uses the property names every service shares.
 */
public class CapifTestResource implements QuarkusTestResourceLifecycleManager {

    /** System property through which tests find the PKI directory. */
    public static final String PKI_DIR = "capif-test.pki-dir";

    private static final int PARTITIONS = 3;

    private CapifService service;

    @Override
    public void init(Map<String, String> initArgs) {
        String id = initArgs.get("service");
        String database = initArgs.get("database");
        service = (id != null ? CapifService.byId(id) : CapifService.byRole(database))
                .orElseThrow(() -> new IllegalArgumentException(
                        "CapifTestResource needs the init argument service (a CapifService id) or database (its role),"
                                + " got service=" + id + ", database=" + database));
    }

    @Override
    public Map<String, String> start() {
        Database db = Infrastructure.postgres().createDatabase(service.role());
        String kafka = Infrastructure.kafka().bootstrapServers();
        createTopics(kafka);
        TestPki p = pki();
        TestPki.ServiceFiles own = p.service(service.id());
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.username", db.user());
        config.put("quarkus.datasource.password", db.password());
        config.put("quarkus.datasource.jdbc.url", db.baseJdbcUrl());
        config.put("quarkus.datasource.reactive.url", db.reactiveUrl());
        config.put("capif.datasource.ca-cert", db.caCert().toString());
        config.put("kafka.bootstrap.servers", kafka);
        config.put("capif.tls.ca-cert", p.caCertFile().toString());
        config.put("capif.tls.cert", own.certFile().toString());
        config.put("capif.tls.key", own.keyFile().toString());
        config.put("capif-test.database", db.name());
        config.put(PKI_DIR, p.dir().toString());
        System.setProperty(PKI_DIR, p.dir().toString());
        System.setProperty("capif-test.kafka", kafka);
        return config;
    }

    /**
     * Creates the CAPIF topics as the broker's administrator, as an operator may: each service creates only the topics
     * it owns, and a module's tests play the other services' parts.
     */
    private static void createTopics(String bootstrap) {
        List<NewTopic> topics = new ArrayList<>();
        for (CapifService s : CapifService.values()) {
            for (String topic : s.writes()) {
                topics.add(
                        CapifTopics.compacted(topic)
                                ? TopicProvisioner.compacted(topic, PARTITIONS, (short) 1)
                                : TopicProvisioner.plain(topic, PARTITIONS, (short) 1));
            }
        }
        try {
            TopicProvisioner.ensure(Infrastructure.kafkaTls().adminClient(bootstrap), topics);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the CAPIF topics", e);
        }
    }

    @Override
    public void stop() {
        // The servers live for the whole JVM (shutdown hooks stop them) so that restarts of the application under
        // test between test classes do not pay for them again.
    }

    public static TestPki pki() {
        return Infrastructure.pki();
    }

    /** The database of this module's service, reached as the service's own role, for assertions. */
    public static Database database(String name) {
        return Infrastructure.postgres().createDatabase(name);
    }

    /** The database of this module's service, reached as the superuser, for fault injection and assertions. */
    public static Database adminDatabase(String name) {
        return Infrastructure.postgres().adminDatabase(name);
    }
}
