package org.capif.common.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;
import java.security.Security;
import org.jboss.logging.Logger;

/**
 * Installs the Amazon Corretto Crypto Provider (native OpenSSL-derived code) as the first JCA provider, so JWT signing
 * and verification (ECDSA) and the TLS record layer (AES-GCM, ECDHE) run at native speed; see
 * {@code docs/decisions.md#signature-algorithm}. If the native library cannot load or fails its self-tests, the JDK
 * providers stay in place and that is logged: slower, never broken.
 */
public final class CryptoProviders {

    private static final Logger LOG = Logger.getLogger(CryptoProviders.class);
    private static volatile String active;

    private CryptoProviders() {}

    /**
     * Installs the preferred provider once per JVM and returns the name of the provider that signs ECDSA now.
     *
     * @param preferNative false keeps the JDK providers (for comparison runs)
     */
    public static synchronized String install(boolean preferNative) {
        if (active != null) {
            return active;
        }
        if (preferNative) {
            try {
                Throwable loadingError = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
                if (loadingError != null) {
                    throw loadingError;
                }
                AmazonCorrettoCryptoProvider.install();
                AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
                active = AmazonCorrettoCryptoProvider.PROVIDER_NAME;
                LOG.infof(
                        "crypto provider: %s %s installed first",
                        active, AmazonCorrettoCryptoProvider.INSTANCE.getVersionStr());
                return active;
            } catch (Throwable e) {
                Security.removeProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
                LOG.warnf("native crypto provider unavailable (%s); using the JDK providers", e.toString());
            }
        }
        active = signingProvider();
        LOG.infof("crypto provider: %s (JDK)", active);
        return active;
    }

    /** The provider that currently serves {@code SHA256withECDSA}. */
    public static String signingProvider() {
        try {
            Provider p = java.security.Signature.getInstance("SHA256withECDSA").getProvider();
            return p.getName();
        } catch (java.security.NoSuchAlgorithmException e) {
            return "none";
        }
    }
}
