package org.capif.invoker;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.testing.edge.TlsProbes;
import org.junit.jupiter.api.Test;

/** Client-initiated TLS 1.2 renegotiation is refused on the API and the management port. */
@QuarkusTest
class RenegotiationTest {

    @TestHTTPResource(value = "/", tls = true)
    URL api;

    @TestHTTPResource(value = "/", management = true, tls = true)
    URL management;

    @Test
    void renegotiationWhenClientStartsItOnTheApiPortThenRefused() throws Exception {
        TlsProbes.assertRenegotiationRefused(api.getPort(), Fixtures.pki(), null);
        TlsProbes.assertRenegotiationRefused(
                api.getPort(), Fixtures.pki(), Fixtures.pki().client(new CapifIdentity(CapifRole.OPERATOR, "ops")));
    }

    @Test
    void renegotiationWhenClientStartsItOnTheManagementPortThenRefused() throws Exception {
        TlsProbes.assertRenegotiationRefused(management.getPort(), Fixtures.pki(), null);
        TlsProbes.assertRenegotiationRefused(
                management.getPort(), Fixtures.pki(), Fixtures.pki().monitoring("prometheus"));
    }
}
