package org.capif.common.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseTlsPolicyTest {

    @Test
    void checkWhenServiceDefaultsThenNothingWrong() {
        assertThat(DatabaseTlsPolicy.violations(lookup(secure()))).isEmpty();
    }

    @Test
    void checkWhenJdbcUrlDisablesTlsThenRefused() {
        Map<String, String> c = secure();
        c.put(DatabaseTlsPolicy.JDBC_URL, "jdbc:postgresql://db:5432/capif_invoker?sslmode=disable");
        assertThatThrownBy(() -> DatabaseTlsPolicy.check(lookup(c)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("may only repeat sslmode=verify-full, not disable");
    }

    @Test
    void checkWhenUrlsRepeatVerifyFullThenAccepted() {
        Map<String, String> c = secure();
        c.put(DatabaseTlsPolicy.JDBC_URL, "jdbc:postgresql://db:5432/capif_invoker?sslmode=verify-full");
        c.put(DatabaseTlsPolicy.REACTIVE_URL, "postgresql://db:5432/capif_invoker?sslmode=verify-full");
        assertThat(DatabaseTlsPolicy.violations(lookup(c))).isEmpty();
    }

    @Test
    void checkWhenJdbcUrlUsesNonValidatingFactoryThenRefused() {
        Map<String, String> c = secure();
        c.put(DatabaseTlsPolicy.JDBC_URL, "jdbc:postgresql://db/x?SSLFactory=org.postgresql.ssl.NonValidatingFactory");
        assertThat(DatabaseTlsPolicy.violations(lookup(c))).anyMatch(v -> v.contains("sslfactory"));
    }

    @Test
    void checkWhenReactiveClientWeakenedThenEachWeaknessNamed() {
        Map<String, String> c = secure();
        c.put(DatabaseTlsPolicy.REACTIVE_SSL_MODE, "require");
        c.put(DatabaseTlsPolicy.REACTIVE_TRUST_ALL, "true");
        c.put(DatabaseTlsPolicy.REACTIVE_HOSTNAME, "NONE");
        c.remove(DatabaseTlsPolicy.REACTIVE_TRUST_PEM);
        assertThat(DatabaseTlsPolicy.violations(lookup(c)))
                .hasSize(4)
                .anyMatch(v -> v.contains("ssl-mode must be verify-full"))
                .anyMatch(v -> v.contains("trust-all may not be true"))
                .anyMatch(v -> v.contains("hostname-verification-algorithm must be HTTPS"))
                .anyMatch(v -> v.contains("trust-certificate-pem must be true"));
    }

    @Test
    void checkWhenJdbcSslModeOrRootCertMissingThenRefused() {
        Map<String, String> c = secure();
        c.remove(DatabaseTlsPolicy.JDBC_SSLMODE);
        c.put(DatabaseTlsPolicy.JDBC_ROOT_CERT, " ");
        assertThat(DatabaseTlsPolicy.violations(lookup(c))).hasSize(2);
    }

    private static Map<String, String> secure() {
        Map<String, String> c = new HashMap<>();
        c.put(DatabaseTlsPolicy.JDBC_URL, "jdbc:postgresql://db:5432/capif_invoker");
        c.put(DatabaseTlsPolicy.JDBC_SSLMODE, "verify-full");
        c.put(DatabaseTlsPolicy.JDBC_ROOT_CERT, "/etc/capif/db-ca.crt");
        c.put(DatabaseTlsPolicy.REACTIVE_URL, "postgresql://db:5432/capif_invoker");
        c.put(DatabaseTlsPolicy.REACTIVE_SSL_MODE, "verify-full");
        c.put(DatabaseTlsPolicy.REACTIVE_TRUST_PEM, "true");
        c.put(DatabaseTlsPolicy.REACTIVE_HOSTNAME, "HTTPS");
        return c;
    }

    private static java.util.function.Function<String, Optional<String>> lookup(Map<String, String> c) {
        return k -> Optional.ofNullable(c.get(k));
    }
}
