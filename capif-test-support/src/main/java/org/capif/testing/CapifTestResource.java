package org.capif.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import org.capif.testing.db.Database;
import org.capif.testing.pki.TestPki;

/**
 * Starts what a CAPIF service needs for {@code @QuarkusTest}s, once per test JVM: a real PostgreSQL with the service's
 * own database and role, a real Kafka broker, and a run-time PKI. Declare it once per module (global scope) with the
 * init argument {@code database}. The configuration it returns uses the property names every service shares.
 */
public class CapifTestResource implements QuarkusTestResourceLifecycleManager {

    /** System property through which tests find the PKI directory. */
    public static final String PKI_DIR = "capif-test.pki-dir";

    private static TestPki pki;
    private String databaseName = "capif";

    @Override
    public void init(Map<String, String> initArgs) {
        databaseName = initArgs.getOrDefault("database", databaseName);
    }

    @Override
    public Map<String, String> start() {
        Database db = Infrastructure.postgres().createDatabase(databaseName);
        String kafka = Infrastructure.kafka().bootstrapServers();
        TestPki p = pki();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.username", db.user());
        config.put("quarkus.datasource.password", db.password());
        config.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
        config.put("quarkus.datasource.reactive.url", db.reactiveUrl());
        config.put("kafka.bootstrap.servers", kafka);
        config.put("capif.tls.ca-cert", p.caCertFile().toString());
        config.put("capif.tls.cert", p.serverCertFile().toString());
        config.put("capif.tls.key", p.serverKeyFile().toString());
        config.put("capif-test.database", db.name());
        config.put(PKI_DIR, p.dir().toString());
        System.setProperty(PKI_DIR, p.dir().toString());
        System.setProperty("capif-test.kafka", kafka);
        return config;
    }

    @Override
    public void stop() {
        // The servers live for the whole JVM (shutdown hooks stop them) so that restarts of the application under
        // test between test classes do not pay for them again.
    }

    public static synchronized TestPki pki() {
        if (pki == null) {
            String dir = System.getProperty(PKI_DIR);
            pki = dir != null ? TestPki.load(java.nio.file.Path.of(dir)) : TestPki.create();
        }
        return pki;
    }

    /** The database of this module's service, for assertions. */
    public static Database database(String name) {
        return Infrastructure.postgres().createDatabase(name);
    }
}
