package org.capif.invoker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.VertxException;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service's reactive PostgreSQL client, configured exactly as in production except for the CA it trusts, refuses a
 * server whose certificate that CA did not issue (here: trusting the test PKI's foreign CA, facing the real server).
 */
@QuarkusTest
@TestProfile(DatabaseServerVerificationTest.ForeignCa.class)
class DatabaseServerVerificationTest {

    /** Trusts only the foreign CA for the reactive client; Flyway (JDBC) keeps the real one, so the service starts. */
    public static class ForeignCa implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.reactive.trust-certificate-pem.certs", "${capif-test.pki-dir}/foreign-ca.crt");
        }
    }

    @Inject
    Pool pool;

    @Test
    void queryWhenServerCertificateFromAnotherCaThenRefusedInTheHandshake() {
        // the same query over the same configuration with the right CA succeeds: DatastoreConnectionsTest
        assertThatThrownBy(() -> pool.query("select 1").execute().await().atMost(Duration.ofSeconds(20)))
                .isInstanceOf(VertxException.class)
                .hasMessageContaining("SSL handshake failed");
    }
}
