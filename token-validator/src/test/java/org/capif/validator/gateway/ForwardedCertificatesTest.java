package org.capif.validator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CertificateIssuer;
import org.capif.common.cert.KeyPairs;
import org.capif.testing.pki.Credential;
import org.junit.jupiter.api.Test;

/** The invoker certificate forwarded by gateways, read as Envoy and NGINX write it. */
class ForwardedCertificatesTest {

    private static final Credential INVOKER = invoker();

    private static Credential invoker() {
        var ca = KeyPairs.ecP256();
        var caCert = CertificateIssuer.selfSignedCa(ca, "Test CA", java.time.Duration.ofDays(1));
        var keys = KeyPairs.ecP256();
        var cert = new CertificateIssuer(caCert, ca.getPrivate())
                .issue(CertificateIssuer.Request.client(
                        keys.getPublic(), CapifIdentity.invoker("inv-1"), java.time.Duration.ofDays(1)));
        return new Credential(keys, cert);
    }

    @Test
    void fromEscapedPemWhenEnvoyOrNginxEscapingThenTheThumbprint() {
        String pem = INVOKER.certificatePem();
        String envoy = EnvoyClient.escapedPem(INVOKER);
        String everything = java.net.URLEncoder.encode(pem, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
        assertThat(ForwardedCertificates.fromEscapedPem(envoy)).hasValue(INVOKER.thumbprint());
        assertThat(ForwardedCertificates.fromEscapedPem(everything)).hasValue(INVOKER.thumbprint());
        assertThat(ForwardedCertificates.fromEscapedPem("garbage%zz")).isEmpty();
        assertThat(ForwardedCertificates.fromEscapedPem("")).isEmpty();
        assertThat(ForwardedCertificates.fromEscapedPem("x".repeat(20_000))).isEmpty();
    }

    @Test
    void fromEscapedPemWhenCertificatesAlternateThenEachItsOwnThumbprintFromTheCache() {
        Credential other = invoker();
        String first = EnvoyClient.escapedPem(INVOKER);
        String second = EnvoyClient.escapedPem(other);
        for (int i = 0; i < 3; i++) {
            assertThat(ForwardedCertificates.fromEscapedPem(first)).hasValue(INVOKER.thumbprint());
            assertThat(ForwardedCertificates.fromEscapedPem(second)).hasValue(other.thumbprint());
        }
        assertThat(other.thumbprint()).isNotEqualTo(INVOKER.thumbprint());
        // a cached certificate's text with one character of its body changed is read afresh: never the cached answer
        int at = first.indexOf("%0A", first.indexOf("CERTIFICATE")) + 10;
        char c = first.charAt(at);
        String altered = first.substring(0, at) + (c == 'A' ? 'B' : 'A') + first.substring(at + 1);
        assertThat(ForwardedCertificates.fromEscapedPem(altered))
                .isNotEqualTo(java.util.Optional.of(INVOKER.thumbprint()));
        assertThat(ForwardedCertificates.fromEscapedPem(first)).hasValue(INVOKER.thumbprint());
    }

    @Test
    void fromXfccWhenOneElementThenItsCertOrHashElseNothing() throws Exception {
        String escaped = EnvoyClient.escapedPem(INVOKER);
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(INVOKER.certificate().getEncoded()));
        assertThat(ForwardedCertificates.fromXfcc("By=spiffe://x;Hash=" + hash + ";Cert=\"" + escaped
                        + "\";Subject=\"CN=a,OU=invoker\";URI=urn:capif:invoker:inv-1"))
                .hasValue(INVOKER.thumbprint());
        assertThat(ForwardedCertificates.fromXfcc("Hash=" + hash + ";Subject=\"CN=a;b\""))
                .hasValue(INVOKER.thumbprint());
        // two elements: a client-supplied header was passed on; which is the gateway's own is unknowable
        assertThat(ForwardedCertificates.fromXfcc("Hash=" + hash + ",Hash=" + hash))
                .isEmpty();
        assertThat(ForwardedCertificates.fromXfcc("Subject=\"CN=a\"")).isEmpty();
        assertThat(ForwardedCertificates.fromXfcc("Hash=zz")).isEmpty();
        assertThat(ForwardedCertificates.fromXfcc(null)).isEmpty();
    }
}
