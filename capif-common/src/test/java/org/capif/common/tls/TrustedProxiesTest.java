package org.capif.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.CertificateIssuer;
import org.capif.common.cert.KeyPairs;
import org.capif.common.cert.Pem;
import org.capif.common.problem.CapifException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Only a named front proxy may forward a client certificate, and what it forwards is checked again. */
class TrustedProxiesTest {

    private static final Duration DAY = Duration.ofDays(1);

    private final KeyPair caKeys = KeyPairs.ecP256();
    private final X509Certificate ca = CertificateIssuer.selfSignedCa(caKeys, "test CA", DAY);
    private final CertificateIssuer issuer = new CertificateIssuer(ca, caKeys.getPrivate());

    private X509Certificate client(CapifIdentity identity) {
        return issuer.issue(CertificateIssuer.Request.client(KeyPairs.ecP256().getPublic(), identity, DAY));
    }

    @AfterEach
    void reset() {
        TrustedProxies.configure(Set.of(), List.of());
    }

    @Test
    void isProxyWhenTheServiceIsNamedThenTrueAndForAnyoneElseFalse() {
        TrustedProxies.configure(Set.of("capif-front"), List.of(ca));
        assertThat(TrustedProxies.isProxy(client(new CapifIdentity(CapifRole.SERVICE, "capif-front"))))
                .isTrue();
        assertThat(TrustedProxies.isProxy(client(new CapifIdentity(CapifRole.SERVICE, "token-validator"))))
                .isFalse();
        assertThat(TrustedProxies.isProxy(client(CapifIdentity.aef("capif-front"))))
                .isFalse();
        TrustedProxies.configure(Set.of(), List.of(ca));
        assertThat(TrustedProxies.isProxy(client(new CapifIdentity(CapifRole.SERVICE, "capif-front"))))
                .isFalse();
    }

    @Test
    void forwardedWhenAValidClientCertificateThenItIsTheCallersAndNothingForwardedIsNoCertificate() {
        TrustedProxies.configure(Set.of("capif-front"), List.of(ca));
        X509Certificate invoker = client(CapifIdentity.invoker("inv-1"));
        String header = URLEncoder.encode(Pem.encode(invoker), StandardCharsets.UTF_8);
        assertThat(TrustedProxies.forwarded(header)).contains(invoker);
        assertThat(TrustedProxies.forwarded(null)).isEmpty();
        assertThat(TrustedProxies.forwarded("")).isEmpty();
    }

    @Test
    void forwardedWhenGarbageOrAnotherCaOrAServerCertificateThenRefused() {
        TrustedProxies.configure(Set.of("capif-front"), List.of(ca));
        KeyPair otherKeys = KeyPairs.ecP256();
        X509Certificate otherCa = CertificateIssuer.selfSignedCa(otherKeys, "other CA", DAY);
        X509Certificate foreign = new CertificateIssuer(otherCa, otherKeys.getPrivate())
                .issue(CertificateIssuer.Request.client(
                        KeyPairs.ecP256().getPublic(), CapifIdentity.invoker("inv-2"), DAY));
        X509Certificate server = issuer.issue(CertificateIssuer.Request.server(
                KeyPairs.ecP256().getPublic(), "host", List.of("host"), List.of(), DAY));
        for (String header : List.of(
                "garbage",
                URLEncoder.encode(Pem.encode(foreign), StandardCharsets.UTF_8),
                URLEncoder.encode(Pem.encode(server), StandardCharsets.UTF_8))) {
            assertThatThrownBy(() -> TrustedProxies.forwarded(header))
                    .isInstanceOf(CapifException.class)
                    .hasMessageContaining("forwarded client certificate");
        }
    }
}
