package org.capif.common.crypto;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.capif.common.config.CommonConfig;

/** Installs the preferred crypto provider before any other startup work of the service. */
@ApplicationScoped
public class CryptoProviderStartup {

    private final boolean preferNative;

    public CryptoProviderStartup(CommonConfig config) {
        this.preferNative = config.crypto().nativeProvider();
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        CryptoProviders.install(preferNative);
    }
}
