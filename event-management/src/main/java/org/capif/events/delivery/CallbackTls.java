package org.capif.events.delivery;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.capif.common.cert.Pem;

/**
 * The TLS trust of callbacks: the JDK's default trust anchors (subscribers on the internet have public certificates),
 * plus the CA certificates of {@code capif.callbacks.trust-certs} if the operator names any (a private CA of its
 * subscribers, or of a lab). The CAPIF CA is not trusted for callbacks unless named there.
 */
public final class CallbackTls {

    private CallbackTls() {}

    public static SSLContext context(Optional<Path> extraCaCerts) {
        try {
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (var tm : defaults.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    for (X509Certificate c : x509.getAcceptedIssuers()) {
                        trust.setCertificateEntry("default-" + i++, c);
                    }
                }
            }
            if (extraCaCerts.isPresent()) {
                for (X509Certificate c : Pem.certificates(Pem.read(extraCaCerts.get()))) {
                    trust.setCertificateEntry("extra-" + i++, c);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the callback trust store: " + e.getMessage(), e);
        }
    }
}
