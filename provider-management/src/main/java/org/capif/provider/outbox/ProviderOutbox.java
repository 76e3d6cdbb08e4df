package org.capif.provider.outbox;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.capif.common.config.CommonConfig;
import org.capif.common.outbox.OutboxRelay;
import org.capif.common.outbox.OutboxRelays;

/**
 * Wires the outbox relay of the provider management service: its producer and its two topics, provider events and
 * service API events ({@link org.capif.common.outbox.OutboxLifecycle} runs it).
 */
public class ProviderOutbox {

    /** Advisory lock key electing the one relay per database ("CAPIF-PM" in ASCII). */
    static final long LOCK_KEY = 0x43415049462D504DL;

    @Produces
    @Singleton
    OutboxRelay relay(
            AgroalDataSource dataSource,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            CommonConfig common,
            MeterRegistry registry) {
        return OutboxRelays.create(
                dataSource,
                kafka,
                common,
                registry,
                "capif-provider-management-outbox",
                LOCK_KEY,
                List.of(
                        OutboxRelays.compacted(common, common.topics().providerEvents()),
                        OutboxRelays.compacted(common, common.topics().serviceApiEvents())));
    }
}
