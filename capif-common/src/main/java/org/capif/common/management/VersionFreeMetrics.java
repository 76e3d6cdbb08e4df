package org.capif.common.management;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Keeps exact software versions out of the metrics: {@code jvm.info} (JVM version, vendor and runtime as labels) is
 * not registered. A version tells an attacker which published vulnerabilities to try; the operator finds it in the
 * image instead.
 */
public class VersionFreeMetrics {

    @Produces
    @Singleton
    MeterFilter withoutVersions() {
        return MeterFilter.deny(id -> id.getName().equals("jvm.info"));
    }
}
