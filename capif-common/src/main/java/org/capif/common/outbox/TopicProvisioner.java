package org.capif.common.outbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the event topics a service writes, if they are missing: compacted (each event carries its aggregate's full
 * state, so the latest record per key is enough to rebuild any view) and keyed by aggregate id.
 */
public final class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {}

    /** A compacted event topic. */
    public static NewTopic compacted(String name, int partitions, short replicationFactor) {
        Map<String, String> config = new HashMap<>();
        config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        config.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, replicationFactor > 1 ? "2" : "1");
        return new NewTopic(name, partitions, replicationFactor).configs(config);
    }

    /** A plain (time-retained) topic, e.g. a dead-letter topic. */
    public static NewTopic plain(String name, int partitions, short replicationFactor) {
        Map<String, String> config = new HashMap<>();
        config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        config.put(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(14L * 24 * 3600 * 1000));
        config.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, replicationFactor > 1 ? "2" : "1");
        return new NewTopic(name, partitions, replicationFactor).configs(config);
    }

    /** Creates the missing topics; throws if Kafka cannot be reached or refuses. */
    public static void ensure(Map<String, Object> kafkaConfig, List<NewTopic> topics) throws Exception {
        Map<String, Object> adminConfig = new HashMap<>(kafkaConfig);
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing =
                    topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
                LOG.infof(
                        "created Kafka topics %s",
                        missing.stream().map(NewTopic::name).toList());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
