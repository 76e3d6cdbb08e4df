package org.capif.helm;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.capif.authz.AuthorizationConfig;
import org.capif.common.config.CommonConfig;
import org.capif.common.datastore.CapifService;
import org.capif.events.EventsConfig;
import org.capif.invoker.InvokerManagementConfig;
import org.capif.provider.ProviderManagementConfig;
import org.capif.validator.ValidatorConfig;

/**
 * What one CAPIF service starts with, as the service itself defines it, read from its classes on the test class path
 * (not from a copy that could drift): its entry in the service table, its {@code @ConfigMapping} interfaces
 * ({@link CommonConfig} and its own) and the {@code application.properties} built into it. {@link #load} evaluates a
 * configuration as the service does at start.
 */
record ServiceDefinition(CapifService service, Class<?> ownMapping, Map<String, String> builtIn) {

    /** Ordinals of Quarkus: the jar's application.properties, config/application.properties, the environment. */
    static final int BUILT_IN = 250;

    static final int CONFIG_DIR = 260;
    static final int ENVIRONMENT = 300;

    static ServiceDefinition of(String component) {
        CapifService service = CapifService.byId(component)
                .orElseThrow(() -> new AssertionError(component + " is no entry of CapifService"));
        Class<?> mapping =
                switch (service) {
                    case INVOKER_MANAGEMENT -> InvokerManagementConfig.class;
                    case AUTHORIZATION_FUNCTION -> AuthorizationConfig.class;
                    case TOKEN_VALIDATOR -> ValidatorConfig.class;
                    case PROVIDER_MANAGEMENT -> ProviderManagementConfig.class;
                    case EVENT_MANAGEMENT -> EventsConfig.class;
                };
        return new ServiceDefinition(service, mapping, builtInProperties(mapping));
    }

    /** Every {@code capif.*} key the service knows: its own mapping's and {@link CommonConfig}'s. */
    Map<String, ConfigMappingKeys.Key> keys() {
        Map<String, ConfigMappingKeys.Key> keys = new TreeMap<>(ConfigMappingKeys.of(CommonConfig.class));
        keys.putAll(ConfigMappingKeys.of(ownMapping));
        return keys;
    }

    /** The built-in properties of the default (prod) profile. */
    Map<String, String> builtInProd() {
        return builtIn.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("%"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b, TreeMap::new));
    }

    /**
     * The configuration the service would run with: its built-in application.properties, the chart's ConfigMap as
     * {@code config/application.properties} and the container's environment, with its mappings validated as at start
     * (every required key present, no unknown {@code capif.*} key, every value converted). Throws what the service
     * would throw.
     */
    SmallRyeConfig load(Map<String, String> configMap, Map<String, String> environment) {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(builtIn, "built-in application.properties", BUILT_IN))
                .withSources(new PropertiesConfigSource(configMap, "ConfigMap application.properties", CONFIG_DIR))
                .withSources(new EnvConfigSource(environment, ENVIRONMENT))
                // as Quarkus' PathConverter: an empty value is no value (so a missing required path is reported)
                .withConverter(Path.class, 100, v -> v.isEmpty() ? null : Path.of(v))
                .withMapping(CommonConfig.class)
                .withMapping(ownMapping)
                .withValidateUnknown(true)
                .build();
    }

    /** A properties text parsed as Quarkus parses application.properties. */
    static Map<String, String> parse(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    /** The application.properties next to the mapping's class: in the same jar or classes directory. */
    private static Map<String, String> builtInProperties(Class<?> mapping) {
        URL location = mapping.getProtectionDomain().getCodeSource().getLocation();
        try {
            URL file = location.toString().endsWith(".jar")
                    ? new URL("jar:" + location + "!/application.properties")
                    : new URL(location, "application.properties");
            try (InputStream in = file.openStream()) {
                return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no application.properties next to " + mapping + " in " + location, e);
        }
    }
}
