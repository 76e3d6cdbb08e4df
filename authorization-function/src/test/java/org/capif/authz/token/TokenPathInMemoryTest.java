package org.capif.authz.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.capif.authz.AuthorizationTestResources;
import org.capif.authz.Invokers;
import org.capif.authz.SecurityApi;
import org.capif.testing.Infrastructure;
import org.capif.testing.db.PostgresServer;
import org.capif.testing.db.Sql;
import org.junit.jupiter.api.Test;

/**
 * The token path makes no database round trip: with the decision tables made unreachable (renamed by the database
 * superuser), tokens for a known invoker are still issued, from memory.
 */
@QuarkusTest
class TokenPathInMemoryTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @Test
    void tokenWhenDecisionTablesUnreachableThenStillIssuedFromMemory() {
        SecurityApi api = new SecurityApi(base);
        Invokers.Invoker i = Invokers.onboard(Invokers.QOS);
        api.put(i.credential(), i.id(), SecurityApi.serviceSecurity(SecurityApi.entry("aef-demo", "api-qos", "OAUTH")));
        assertThat(api.token(i.credential(), i.id(), (String) null).statusCode())
                .isEqualTo(200);

        PostgresServer pg = Infrastructure.postgres();
        Sql admin = new Sql(pg.adminDatabase(AuthorizationTestResources.DATABASE));
        admin.update("alter table invoker_view rename to invoker_view_hidden");
        admin.update("alter table security_context rename to security_context_hidden");
        try {
            for (int n = 0; n < 50; n++) {
                assertThat(api.token(i.credential(), i.id(), "3gpp#aef-demo:as-session-with-qos")
                                .statusCode())
                        .isEqualTo(200);
            }
        } finally {
            admin.update("alter table invoker_view_hidden rename to invoker_view");
            admin.update("alter table security_context_hidden rename to security_context");
        }
    }
}
