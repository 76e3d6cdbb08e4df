package org.capif.common.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.capif.common.config.CommonConfig;

/** Builds a service's outbox relay from the shared configuration. */
public final class OutboxRelays {

    private OutboxRelays() {}

    /**
     * A relay publishing the service's outbox, which first makes sure the given topics exist.
     *
     * @param clientId Kafka client id of the relay's producer
     * @param lockKey advisory lock key electing one relay per database
     * @param topics the topics this service writes (created if missing and allowed)
     */
    public static OutboxRelay create(
            DataSource dataSource,
            Map<String, Object> kafka,
            CommonConfig config,
            MeterRegistry registry,
            String clientId,
            long lockKey,
            List<NewTopic> topics) {
        CommonConfig.Outbox o = config.outbox();
        return new OutboxRelay(
                dataSource,
                OutboxProducers.create(kafka, clientId, o.ackTimeout()),
                new OutboxRelay.Settings(o.batchSize(), o.pollInterval(), o.maxBackoff(), o.ackTimeout(), lockKey),
                registry,
                () -> {
                    if (config.kafka().createTopics()) {
                        TopicProvisioner.ensure(kafka, topics);
                    }
                });
    }

    /** A dead-letter topic (plain, time-retained) with the configured partitions and replication factor. */
    public static NewTopic deadLetter(CommonConfig config, String name) {
        return TopicProvisioner.plain(
                name, config.kafka().partitions(), config.kafka().replicationFactor());
    }

    /** A compacted event topic with the configured partitions and replication factor. */
    public static NewTopic compacted(CommonConfig config, String name) {
        return TopicProvisioner.compacted(
                name, config.kafka().partitions(), config.kafka().replicationFactor());
    }
}
