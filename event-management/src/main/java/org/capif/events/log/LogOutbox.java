package org.capif.events.log;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.capif.common.config.CommonConfig;
import org.capif.common.datastore.CapifService;
import org.capif.common.outbox.OutboxRelay;
import org.capif.common.outbox.OutboxRelays;
import org.capif.common.outbox.TopicProvisioner;

/**
 * Wires the outbox relay of event management: it publishes stored invocation logs to the invocation log topic, and
 * first creates the topics this service owns (that topic and its dead-letter topics; none is compacted), see
 * {@link org.capif.common.outbox.OutboxLifecycle}.
 */
public class LogOutbox {

    /** Advisory lock key electing the one relay per database ("CAPIF-EM" in ASCII). */
    static final long LOCK_KEY = 0x43415049462D454DL;

    @Produces
    @Singleton
    OutboxRelay relay(
            AgroalDataSource dataSource,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            CommonConfig common,
            MeterRegistry registry) {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(TopicProvisioner.plain(
                common.topics().invocationLogs(),
                common.kafka().partitions(),
                common.kafka().replicationFactor()));
        for (String dlq : CapifService.EVENT_MANAGEMENT.writes()) {
            if (dlq.endsWith(".dlq")) {
                topics.add(OutboxRelays.deadLetter(common, dlq));
            }
        }
        return OutboxRelays.create(
                dataSource, kafka, common, registry, "capif-event-management-outbox", LOCK_KEY, topics);
    }
}
