package org.capif.testing.edge;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;

/**
 * The exact versions of the software the services run on, as found in this JVM (the JDK, Quarkus, Vert.x, Netty,
 * Kafka, Jackson, Hibernate, SmallRye, Micrometer, the PostgreSQL driver) plus this project's snapshot marker: none of
 * them may appear in any answer of any port, since a version tells an attacker which published flaws to try.
 */
public final class Versions {

    private static final String[][] ARTIFACTS = {
        {"io.quarkus", "quarkus-core"},
        {"io.vertx", "vertx-core"},
        {"io.vertx", "vertx-web"},
        {"io.netty", "netty-common"},
        {"com.fasterxml.jackson.core", "jackson-databind"},
        {"org.hibernate.reactive", "hibernate-reactive-core"},
        {"org.hibernate.orm", "hibernate-core"},
        {"io.smallrye", "smallrye-open-api-core"},
        {"io.smallrye", "smallrye-health"},
        {"io.micrometer", "micrometer-core"},
        {"org.postgresql", "postgresql"},
        {"org.bouncycastle", "bcprov-jdk18on"},
    };

    private static Set<String> known;

    private Versions() {}

    public static synchronized Set<String> known() {
        if (known == null) {
            Set<String> versions = new LinkedHashSet<>();
            versions.add(System.getProperty("java.version"));
            versions.add(System.getProperty("java.runtime.version"));
            versions.add(System.getProperty("java.vm.version"));
            versions.add("SNAPSHOT");
            for (String[] a : ARTIFACTS) {
                versions.add(pomVersion(a[0], a[1]));
            }
            versions.add(kafka());
            versions.removeIf(v -> v == null || v.length() < 4 || !v.contains("."));
            versions.add("SNAPSHOT");
            known = Set.copyOf(versions);
        }
        return known;
    }

    private static String pomVersion(String group, String artifact) {
        String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }

    private static String kafka() {
        try {
            return (String) Class.forName("org.apache.kafka.common.utils.AppInfoParser")
                    .getMethod("getVersion")
                    .invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
