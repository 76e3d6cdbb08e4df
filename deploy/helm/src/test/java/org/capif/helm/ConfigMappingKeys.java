package org.capif.helm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The keys of a {@code @ConfigMapping} interface, read by reflection the way SmallRye Config maps them: the prefix,
 * each method's name in kebab case (or its {@code @WithName}), nested interfaces as groups ({@code @WithParentName}
 * adds none), {@code Optional} members and {@code @WithDefault} values.
 */
final class ConfigMappingKeys {

    /**
     * One key.
     *
     * @param name the full property name, e.g. {@code capif.kafka.sasl.password}
     * @param required no default and not optional (nor inside an optional group): the service refuses to start
     *     without it
     * @param mapping the interface whose method it is
     */
    record Key(String name, boolean required, Class<?> mapping) {}

    private ConfigMappingKeys() {}

    /** Every key of a mapping, by name. */
    static Map<String, Key> of(Class<?> mapping) {
        ConfigMapping annotation = mapping.getAnnotation(ConfigMapping.class);
        if (annotation == null) {
            throw new IllegalArgumentException(mapping + " is no @ConfigMapping");
        }
        Map<String, Key> keys = new TreeMap<>();
        walk(annotation.prefix(), mapping, true, keys);
        return keys;
    }

    private static void walk(String prefix, Class<?> group, boolean required, Map<String, Key> out) {
        for (Method m : group.getMethods()) {
            if (m.getParameterCount() > 0 || m.isDefault() || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            String name = m.isAnnotationPresent(WithParentName.class)
                    ? prefix
                    : prefix + "."
                            + (m.isAnnotationPresent(WithName.class)
                                    ? m.getAnnotation(WithName.class).value()
                                    : kebab(m.getName()));
            boolean optional = isOptional(m.getReturnType());
            Class<?> type = optional ? optionalOf(m.getGenericReturnType()) : m.getReturnType();
            if (Map.class.isAssignableFrom(type)) {
                out.put(name + ".*", new Key(name + ".*", false, group));
            } else if (isGroup(type)) {
                walk(name, type, required && !optional, out);
            } else {
                boolean hasDefault = m.isAnnotationPresent(WithDefault.class);
                out.put(name, new Key(name, required && !optional && !hasDefault, group));
            }
        }
    }

    /** A nested configuration group: an interface of the application, not a JDK collection. */
    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && !type.getName().startsWith("java.");
    }

    private static boolean isOptional(Class<?> type) {
        return type == Optional.class
                || type == OptionalInt.class
                || type == OptionalLong.class
                || type == OptionalDouble.class;
    }

    private static Class<?> optionalOf(Type type) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c) {
            return c;
        }
        return Object.class; // OptionalInt and friends: a leaf
    }

    /** {@code maxApisPerApf} to {@code max-apis-per-apf}, as SmallRye's default naming strategy does. */
    static String kebab(String camel) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (Character.isUpperCase(ch)) {
                if (i > 0 && !Character.isUpperCase(camel.charAt(i - 1))) {
                    b.append('-');
                }
                b.append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
