package org.capif.authz;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.capif.common.cert.CapifIdentity;
import org.capif.testing.CapifTestResource;
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
        TlsProbes.assertRenegotiationRefused(
                api.getPort(), CapifTestResource.pki(), CapifTestResource.pki().client(CapifIdentity.aef("aef-demo")));
    }

    @Test
    void renegotiationWhenClientStartsItOnTheManagementPortThenRefused() throws Exception {
        TlsProbes.assertRenegotiationRefused(management.getPort(), CapifTestResource.pki(), null);
    }
}
