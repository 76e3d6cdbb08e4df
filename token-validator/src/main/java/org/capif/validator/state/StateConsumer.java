package org.capif.validator.state;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.capif.common.config.CommonConfig;
import org.capif.common.event.EventCodec;
import org.capif.common.event.InvokerEvent;
import org.capif.common.event.PolicyEvent;
import org.capif.common.event.ProviderEvent;
import org.capif.common.event.SecurityEvent;
import org.capif.common.event.ServiceApiEvent;
import org.capif.common.event.TokenRevokedEvent;
import org.jboss.logging.Logger;

/**
 * Feeds {@link ValidatorState} from the six compacted topics (invokers, security contexts, policies, token revocations,
 * provider domains, published service APIs), on its own thread: every partition is assigned (no
 * consumer group, so every replica sees everything) and read from the beginning at start. The service is ready once
 * it has caught up with the end offsets it saw when it started. A record that cannot be used is counted, logged and
 * skipped; the authorization function dead-letters poison invoker records already, and nothing here can be fixed by
 * stopping. Should the consumer itself fail, it is recreated with back-off and reads everything again; the service is
 * not ready (and refuses decisions with 503) until it has caught up again.
 */
@ApplicationScoped
public class StateConsumer {

    private static final Logger LOG = Logger.getLogger(StateConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long PARTITION_REFRESH_MS = 30_000;
    private static final long PURGE_PERIOD_MS = 10_000;
    private static final long RESTART_MIN_MS = 500;
    private static final long RESTART_MAX_MS = 30_000;

    private final ValidatorState state;
    private final Map<String, Object> kafka;
    private final CommonConfig.Topics topics;
    private final Clock clock;
    private final Counter applied;
    private final Counter skipped;
    private final Counter restarts;
    private volatile boolean caughtUp;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    public StateConsumer(
            ValidatorState state,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            CommonConfig common,
            Clock clock,
            MeterRegistry registry) {
        this.state = state;
        this.kafka = kafka;
        this.topics = common.topics();
        this.clock = clock;
        this.applied = registry.counter("capif.validator.events", "outcome", "applied");
        this.skipped = registry.counter("capif.validator.events", "outcome", "skipped");
        this.restarts = registry.counter("capif.validator.consumer.restarts");
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "capif-validator-state");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /**
     * True once everything that was on the topics at start has been applied; stays true when the consumer later fails
     * (a Kafka outage), since the state it built is still valid and no replica can read newer events meanwhile.
     */
    public boolean caughtUp() {
        return caughtUp;
    }

    private List<String> topicNames() {
        return List.of(
                topics.invokerEvents(),
                topics.securityEvents(),
                topics.policyEvents(),
                topics.tokenRevocations(),
                topics.providerEvents(),
                topics.serviceApiEvents());
    }

    private void run() {
        long backoff = RESTART_MIN_MS;
        while (running) {
            if (!topicsExist()) {
                sleep(2000);
                continue;
            }
            try {
                consume();
                return;
            } catch (WakeupException e) {
                return; // shutting down
            } catch (RuntimeException e) {
                // the state in memory stays (it only moves forward, so reading again from the beginning cannot make
                // it older) and keeps serving: readiness stays as it is (decision D8); Kafka's loss shows in the
                // restarts counter and the Kafka wellness check
                restarts.increment();
                LOG.errorf(e, "validator state consumer failed; restarting in %d ms", backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, RESTART_MAX_MS);
            }
        }
    }

    private void consume() {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "capif-token-validator-state");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props)) {
            consumer = c;
            Set<TopicPartition> assigned = assign(c, Set.of());
            Map<TopicPartition, Long> target = c.endOffsets(assigned);
            long lastRefresh = System.currentTimeMillis();
            long lastPurge = lastRefresh;
            while (running) {
                for (ConsumerRecord<String, String> r : c.poll(POLL)) {
                    apply(r);
                }
                if (!caughtUp && target.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                    LOG.infof(
                            "validator state caught up: %d invokers, %d provider functions, %d service APIs known",
                            state.size(),
                            state.providers().size(),
                            state.publishedApis().size());
                }
                long now = System.currentTimeMillis();
                if (now - lastRefresh > PARTITION_REFRESH_MS) {
                    assigned = assign(c, assigned);
                    lastRefresh = now;
                }
                if (now - lastPurge > PURGE_PERIOD_MS) {
                    state.purgeExpired(clock.instant());
                    lastPurge = now;
                }
            }
        } finally {
            consumer = null;
        }
    }

    /** Assigns every partition of the topics, reading new ones from the beginning; returns the assignment. */
    private Set<TopicPartition> assign(KafkaConsumer<String, String> c, Set<TopicPartition> current) {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topicNames()) {
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null) {
                infos.forEach(i -> all.add(new TopicPartition(topic, i.partition())));
            }
        }
        if (all.size() != current.size() || !current.containsAll(all)) {
            c.assign(all);
            List<TopicPartition> added =
                    all.stream().filter(tp -> !current.contains(tp)).toList();
            c.seekToBeginning(added);
        }
        return Set.copyOf(all);
    }

    private void apply(ConsumerRecord<String, String> r) {
        try {
            String topic = r.topic();
            if (r.value() == null) {
                skipped.increment();
            } else if (topic.equals(topics.invokerEvents())) {
                InvokerEvent e = EventCodec.decode(r.value(), InvokerEvent.class);
                require(e.schemaVersion() == InvokerEvent.SCHEMA_VERSION
                        && e.apiInvokerId() != null
                        && e.status() != null
                        && e.apis() != null);
                state.apply(e);
            } else if (topic.equals(topics.securityEvents())) {
                SecurityEvent e = EventCodec.decode(r.value(), SecurityEvent.class);
                require(e.schemaVersion() == SecurityEvent.SCHEMA_VERSION
                        && e.apiInvokerId() != null
                        && e.revocations() != null);
                state.apply(e);
            } else if (topic.equals(topics.policyEvents())) {
                PolicyEvent e = EventCodec.decode(r.value(), PolicyEvent.class);
                require(e.schemaVersion() == PolicyEvent.SCHEMA_VERSION
                        && e.apiInvokerId() != null
                        && e.apiName() != null);
                state.apply(e);
            } else if (topic.equals(topics.providerEvents())) {
                state.apply(ProviderEvent.decode(r.value()));
            } else if (topic.equals(topics.serviceApiEvents())) {
                state.apply(ServiceApiEvent.decode(r.value()));
            } else {
                TokenRevokedEvent e = EventCodec.decode(r.value(), TokenRevokedEvent.class);
                require(e.jti() != null && e.expiresAt() != null);
                state.apply(e);
            }
            applied.increment();
        } catch (RuntimeException e) {
            // undecodable, or valid JSON that breaks an assumption: one bad record must not stop the state
            skipped.increment();
            LOG.warnf("skipped unusable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.toString());
        }
    }

    private static void require(boolean valid) {
        if (!valid) {
            throw new IllegalArgumentException("unsupported schema version or missing fields");
        }
    }

    /**
     * Whether every topic exists and may be described. The validator owns none of them and may create none: they are
     * made by their producers (or the operator). Reading while one is missing would make an empty view look complete.
     */
    private boolean topicsExist() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "capif-token-validator-topics");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            for (Map.Entry<String, KafkaFuture<TopicDescription>> e :
                    admin.describeTopics(topicNames()).topicNameValues().entrySet()) {
                try {
                    e.getValue().get(10, TimeUnit.SECONDS);
                } catch (ExecutionException missing) {
                    LOG.warnf(
                            "waiting for topic %s: %s",
                            e.getKey(), missing.getCause().toString());
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.warnf("topics not available yet: %s", e.toString());
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
