package org.capif.common.datastore;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Applies {@link DatabaseTlsPolicy} when Flyway is set up, which is before any connection of the service to its
 * database (the migrations at start are the first).
 */
@Singleton
public class DatabaseTlsCheck implements FlywayConfigurationCustomizer {

    private final Config config;

    public DatabaseTlsCheck(Config config) {
        this.config = config;
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        DatabaseTlsPolicy.check(key -> config.getOptionalValue(key, String.class));
    }
}
