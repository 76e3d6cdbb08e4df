package org.capif.common.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapifIdentityTest {

    @Test
    void parseUriWhenWellFormedThenRoleAndId() {
        assertThat(CapifIdentity.parseUri("urn:capif:invoker:abc-123"))
                .contains(new CapifIdentity(CapifRole.INVOKER, "abc-123"));
        assertThat(CapifIdentity.parseUri("urn:capif:aef:aef-demo")).contains(CapifIdentity.aef("aef-demo"));
    }

    @Test
    void parseUriWhenUnknownRoleOrBadIdOrOtherSchemeThenEmpty() {
        assertThat(CapifIdentity.parseUri("urn:capif:king:x")).isEmpty();
        assertThat(CapifIdentity.parseUri("urn:capif:invoker:")).isEmpty();
        assertThat(CapifIdentity.parseUri("urn:capif:invoker:a/b")).isEmpty();
        assertThat(CapifIdentity.parseUri("spiffe://capif/invoker/x")).isEmpty();
        assertThat(CapifIdentity.parseUri(null)).isEmpty();
    }

    @Test
    void constructWhenIdHasUnsafeCharactersThenRefused() {
        assertThatThrownBy(() -> CapifIdentity.invoker("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CapifIdentity.invoker("x".repeat(129))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofWhenCertificateCarriesOneCapifUriThenThatIdentity() {
        KeyPair ca = KeyPairs.ecP256();
        CertificateIssuer issuer =
                new CertificateIssuer(CertificateIssuer.selfSignedCa(ca, "ca", Duration.ofDays(1)), ca.getPrivate());
        X509Certificate cert = issuer.issue(CertificateIssuer.Request.client(
                KeyPairs.ecP256().getPublic(), CapifIdentity.aef("aef-1"), Duration.ofHours(1)));
        assertThat(CapifIdentity.of(cert)).contains(CapifIdentity.aef("aef-1"));
    }

    @Test
    void ofWhenCertificateHasNoCapifUriThenEmpty() throws Exception {
        KeyPair ca = KeyPairs.ecP256();
        CertificateIssuer issuer =
                new CertificateIssuer(CertificateIssuer.selfSignedCa(ca, "ca", Duration.ofDays(1)), ca.getPrivate());
        X509Certificate server = issuer.issue(CertificateIssuer.Request.server(
                KeyPairs.ecP256().getPublic(),
                "localhost",
                List.of("localhost"),
                List.of("127.0.0.1"),
                Duration.ofHours(1)));
        assertThat(CapifIdentity.of(server)).isEmpty();
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void issueWhenValidityExceedsCaThenCappedAtCaExpiry() {
        KeyPair ca = KeyPairs.ecP256();
        X509Certificate caCert = CertificateIssuer.selfSignedCa(ca, "ca", Duration.ofDays(1));
        X509Certificate cert = new CertificateIssuer(caCert, ca.getPrivate())
                .issue(new CertificateIssuer.Request(
                        KeyPairs.ecP256().getPublic(),
                        CapifIdentity.invoker("i"),
                        "i",
                        List.of(),
                        List.of(),
                        Set.of(CertificateIssuer.Usage.CLIENT_AUTH),
                        Duration.ofDays(365)));
        assertThat(cert.getNotAfter()).isEqualTo(caCert.getNotAfter());
    }
}
