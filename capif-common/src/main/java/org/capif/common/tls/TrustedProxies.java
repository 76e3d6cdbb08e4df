package org.capif.common.tls;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.cert.Pem;
import org.capif.common.config.CommonConfig;
import org.capif.common.problem.CapifException;
import org.capif.common.problem.Causes;
import org.jboss.logging.Logger;

/**
 * Front proxies the service trusts to forward a caller's client certificate (decision D26): a proxy that terminates
 * the callers' mutual TLS (so that every CAPIF API can be served on one origin) connects to the service with its own
 * CAPIF service certificate, named in {@code capif.tls.trusted-proxies}, and forwards the certificate it verified in
 * {@value #HEADER} (URL-encoded PEM, as NGINX's {@code $ssl_client_escaped_cert}). Only then is that certificate the
 * caller's: it is checked again here (it must chain to the CAPIF CA, be valid now and allow client authentication).
 * From anybody else the header is ignored, and without trusted proxies it is never read. The proxy becomes part of
 * the trust boundary: it can present any caller's certificate, so it must be the operator's own.
 */
@ApplicationScoped
public class TrustedProxies {

    /** The header carrying the forwarded client certificate. */
    public static final String HEADER = "X-Capif-Client-Cert";

    private static final Logger LOG = Logger.getLogger(TrustedProxies.class);
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private static volatile Set<String> proxies = Set.of();
    private static volatile Set<TrustAnchor> anchors = Set.of();

    private final CommonConfig config;

    public TrustedProxies(CommonConfig config) {
        this.config = config;
    }

    void start(@Observes @Priority(1) StartupEvent event) {
        List<String> ids = config.tls().trustedProxies().orElse(List.of());
        configure(Set.copyOf(ids), Pem.certificates(Pem.read(config.tls().caCert())));
        if (!ids.isEmpty()) {
            LOG.infof("client certificates forwarded by the front proxies %s are trusted", ids);
        }
    }

    /** Sets the trusted proxies and the CA their forwarded certificates must chain to. */
    static void configure(Set<String> proxyIds, List<X509Certificate> ca) {
        Set<TrustAnchor> a = new HashSet<>();
        ca.forEach(c -> a.add(new TrustAnchor(c, null)));
        anchors = Set.copyOf(a);
        proxies = Set.copyOf(proxyIds);
    }

    /** Whether the direct TLS peer with this certificate is a trusted front proxy. */
    static boolean isProxy(X509Certificate direct) {
        if (proxies.isEmpty()) {
            return false;
        }
        Optional<CapifIdentity> identity = CapifIdentity.of(direct);
        return identity.isPresent()
                && identity.get().role() == CapifRole.SERVICE
                && proxies.contains(identity.get().id());
    }

    /**
     * The caller's certificate a trusted proxy forwarded: empty if it forwarded none (the caller presented none); 401
     * {@code CLIENT_CERTIFICATE_INVALID} if what it forwarded is not a valid CAPIF client certificate.
     */
    static Optional<X509Certificate> forwarded(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            X509Certificate cert = Pem.certificate(URLDecoder.decode(header, StandardCharsets.UTF_8));
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert)), params);
            List<String> usages = cert.getExtendedKeyUsage();
            if (usages == null || !usages.contains(CLIENT_AUTH)) {
                throw new IllegalArgumentException("not a client certificate");
            }
            return Optional.of(cert);
        } catch (Exception e) {
            throw CapifException.unauthorized(
                    Causes.CLIENT_CERTIFICATE_INVALID,
                    "The forwarded client certificate is not a valid CAPIF client certificate.",
                    null);
        }
    }
}
