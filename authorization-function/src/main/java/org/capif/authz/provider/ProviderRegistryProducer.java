package org.capif.authz.provider;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.capif.authz.state.AuthorizationState;
import org.capif.common.provider.ProviderRegistry;

/** Makes the in-memory registry of provider functions the one the AEF certificate check uses. */
public class ProviderRegistryProducer {

    @Produces
    @Singleton
    ProviderRegistry registry(AuthorizationState state) {
        return state.providers();
    }
}
