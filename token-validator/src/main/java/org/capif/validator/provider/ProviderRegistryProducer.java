package org.capif.validator.provider;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.capif.common.provider.ProviderRegistry;
import org.capif.validator.state.ValidatorState;

/**
 * Makes the validator's registry of provider domain functions (from the provider events) the one that
 * {@link org.capif.common.provider.RegisteredFunctionFilter} consults: an AEF certificate reaches decisions,
 * introspection and AEF_Security_API only while its AEF is registered with exactly that certificate.
 */
public class ProviderRegistryProducer {

    @Produces
    @Singleton
    ProviderRegistry registry(ValidatorState state) {
        return state.providers();
    }
}
