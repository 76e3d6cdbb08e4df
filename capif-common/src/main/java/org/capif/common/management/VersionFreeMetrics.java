package org.capif.common.management;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Locale;

/**
 * Keeps exact software versions out of the metrics: {@code jvm.info} (JVM version, vendor and runtime as labels) is
 * not registered, and a tag whose name mentions a version (the Kafka clients' {@code kafka.version}) is dropped from
 * every meter. A version tells an attacker which published vulnerabilities to try; the operator finds it in the image
 * instead.
 */
public class VersionFreeMetrics {

    @Produces
    @Singleton
    MeterFilter withoutJvmInfo() {
        return MeterFilter.deny(id -> id.getName().equals("jvm.info"));
    }

    @Produces
    @Singleton
    MeterFilter withoutVersionTags() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                boolean versioned = id.getTags().stream()
                        .anyMatch(t -> t.getKey().toLowerCase(Locale.ROOT).contains("version"));
                if (!versioned) {
                    return id;
                }
                return id.replaceTags(id.getTags().stream()
                        .filter(t -> !t.getKey().toLowerCase(Locale.ROOT).contains("version"))
                        .toList());
            }
        };
    }
}
