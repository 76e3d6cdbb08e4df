package org.capif.invoker.outbox;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.capif.common.outbox.OutboxProducers;
import org.capif.common.outbox.OutboxRelay;
import org.capif.common.outbox.TopicProvisioner;
import org.capif.invoker.InvokerManagementConfig;

/** Wires the outbox relay of the invoker management service: its producer, topics and lifecycle. */
public class InvokerOutbox {

    /** Advisory lock key electing the one relay per database ("CAPIF-IM" in ASCII). */
    static final long LOCK_KEY = 0x43415049462D494DL;

    @Produces
    @Singleton
    OutboxRelay relay(
            AgroalDataSource dataSource,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            InvokerManagementConfig config,
            MeterRegistry registry) {
        InvokerManagementConfig.Outbox o = config.outbox();
        InvokerManagementConfig.Topics t = config.topics();
        return new OutboxRelay(
                dataSource,
                OutboxProducers.create(kafka, "capif-invoker-management-outbox", o.ackTimeout()),
                new OutboxRelay.Settings(o.batchSize(), o.pollInterval(), o.maxBackoff(), o.ackTimeout(), LOCK_KEY),
                registry,
                () -> {
                    if (t.create()) {
                        TopicProvisioner.ensure(
                                kafka,
                                List.of(TopicProvisioner.compacted(
                                        t.invokerEvents(), t.partitions(), t.replicationFactor())));
                    }
                });
    }

    void start(@Observes StartupEvent event, OutboxRelay relay) {
        relay.start();
    }

    void stop(@Observes ShutdownEvent event, OutboxRelay relay) {
        relay.close();
    }

    void dispose(@Disposes OutboxRelay relay) {
        relay.close();
    }
}
