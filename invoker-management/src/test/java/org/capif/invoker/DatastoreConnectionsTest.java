package org.capif.invoker;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.Pem;
import org.capif.testing.CapifTestResource;
import org.capif.testing.db.Sql;
import org.junit.jupiter.api.Test;

/**
 * The running service reaches its datastores as production requires: every PostgreSQL connection over TLS as its own
 * role, its tables in its own schema only, Kafka clients over mutual TLS with its own certificate, which is also the
 * certificate its HTTPS port presents.
 */
@QuarkusTest
class DatastoreConnectionsTest {

    private static final String SERVICE = "invoker-management";

    @Inject
    Pool pool;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @TestHTTPResource(value = "/", tls = true)
    URL api;

    @Test
    void connectionsWhenServiceRunsThenEveryOneOverTls13AsItsOwnRole() {
        pool.query("select 1").execute().await().atMost(Duration.ofSeconds(10));
        List<Map<String, Object>> connections = admin().rows(
                        "select a.usename, s.ssl, s.version from pg_stat_activity a join pg_stat_ssl s on s.pid = a.pid"
                                + " where a.datname = ? and a.pid <> pg_backend_pid()",
                        InvokerManagementTestResources.DATABASE);
        assertThat(connections).isNotEmpty().allSatisfy(c -> assertThat(c)
                .containsEntry("usename", InvokerManagementTestResources.DATABASE)
                .containsEntry("ssl", true)
                .containsEntry("version", "TLSv1.3"));
    }

    @Test
    void schemaWhenMigratedByFlywayThenEveryTableInTheRolesSchemaAndOwnedByIt() {
        List<Map<String, Object>> tables = admin().rows("select schemaname, tableowner, tablename from pg_tables"
                + " where schemaname not in ('pg_catalog', 'information_schema')");
        assertThat(tables)
                .extracting(t -> t.get("tablename"))
                .contains("flyway_schema_history", "outbox", "api_invoker", "used_onboarding_credential");
        assertThat(tables).allSatisfy(t -> assertThat(t)
                .containsEntry("schemaname", InvokerManagementTestResources.DATABASE)
                .containsEntry("tableowner", InvokerManagementTestResources.DATABASE));
    }

    @Test
    void kafkaClientsWhenBuiltThenMutualTlsWithTheServiceCertificateAndVerifiedBrokerName() throws Exception {
        assertThat(kafka)
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.endpoint.identification.algorithm", "https")
                .containsEntry("ssl.keystore.type", "PEM")
                .containsEntry(
                        "ssl.keystore.certificate.chain",
                        Files.readString(
                                CapifTestResource.pki().service(SERVICE).certFile()));
        X509Certificate identity = Pem.certificate((String) kafka.get("ssl.keystore.certificate.chain"));
        assertThat(identity.getSubjectX500Principal().getName()).isEqualTo("CN=" + SERVICE + ",OU=service");
    }

    @Test
    void httpsWhenConnectedThenTheServiceOwnCertificate() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", CapifTestResource.pki().caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(api.getHost(), api.getPort())) {
            s.startHandshake();
            X509Certificate server = (X509Certificate) s.getSession().getPeerCertificates()[0];
            assertThat(CapifIdentity.of(server)).contains(new CapifIdentity(CapifRole.SERVICE, SERVICE));
            assertThat(server.getExtendedKeyUsage())
                    .contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"); // serverAuth, clientAuth
        }
    }

    private static Sql admin() {
        return new Sql(CapifTestResource.adminDatabase(InvokerManagementTestResources.DATABASE));
    }
}
