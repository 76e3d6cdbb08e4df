package org.capif.invoker.outbox;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.capif.common.config.CommonConfig;
import org.capif.common.datastore.CapifTopics;
import org.capif.common.outbox.OutboxRelay;
import org.capif.common.outbox.OutboxRelays;

/**
 * Wires the outbox relay of the invoker management service: its producer and the topics it owns, the invoker topic
 * and its dead-letter topic for service API events ({@link org.capif.common.outbox.OutboxLifecycle} runs it).
 */
public class InvokerOutbox {

    /** Advisory lock key electing the one relay per database ("CAPIF-IM" in ASCII). */
    static final long LOCK_KEY = 0x43415049462D494DL;

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
                "capif-invoker-management-outbox",
                LOCK_KEY,
                List.of(
                        OutboxRelays.compacted(common, common.topics().invokerEvents()),
                        OutboxRelays.deadLetter(
                                common,
                                CapifTopics.deadLetter(common.topics().serviceApiEvents(), "invoker-management"))));
    }
}
