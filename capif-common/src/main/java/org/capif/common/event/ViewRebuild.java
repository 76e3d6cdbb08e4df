package org.capif.common.event;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Rebuilds a service's view of one compacted event topic from the topic alone (operator administration, e.g. after
 * restoring an old database backup). The view's table is emptied, then the whole topic is read, every partition from
 * its beginning to its end as it is after the deletion, by a consumer of its own (no consumer group, so the partitions
 * other replicas consume are read too), and the newest event of every aggregate is applied. As events carry full state
 * and are applied by sequence, the rebuilt view equals the one before; the live consumer keeps applying newer events
 * meanwhile, and nothing it applied before the deletion is lost, since it is on the topic below the end offsets read.
 *
 * @param <E> the event type
 */
public final class ViewRebuild<E> {

    private static final Logger LOG = Logger.getLogger(ViewRebuild.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration READ_LIMIT = Duration.ofMinutes(5);

    /** The outcome: rows removed, aggregates restored, and records read that were not valid events. */
    public record Rebuilt(int removedRows, int restored, int skippedRecords) {}

    private final String table;
    private final String topic;
    private final Map<String, Object> kafka;
    private final String clientId;
    private final Function<String, E> decoder;
    private final Function<E, String> key;
    private final ToLongFunction<E> sequence;
    private final Function<E, Uni<Boolean>> applier;

    /**
     * @param table the view table, emptied first (a constant of the caller, never input)
     * @param topic the compacted topic the view is built from
     * @param kafka the service's Kafka client configuration (security settings included)
     * @param clientId the Kafka client id of the rebuild's consumer
     * @param decoder decodes and validates a record ({@link IllegalArgumentException} for an invalid one, skipped)
     * @param key the aggregate id of an event
     * @param sequence the aggregate sequence of an event
     * @param applier applies one event to the view in its own transaction
     */
    public ViewRebuild(
            String table,
            String topic,
            Map<String, Object> kafka,
            String clientId,
            Function<String, E> decoder,
            Function<E, String> key,
            ToLongFunction<E> sequence,
            Function<E, Uni<Boolean>> applier) {
        this.table = table;
        this.topic = topic;
        this.kafka = kafka;
        this.clientId = clientId;
        this.decoder = decoder;
        this.key = key;
        this.sequence = sequence;
        this.applier = applier;
    }

    /** Runs the rebuild (on a Vert.x context); the answer comes when the view is rebuilt. */
    public Uni<Rebuilt> run() {
        Context context = Vertx.currentContext(); // the database work continues on it, after the blocking read
        // Empty first, then read up to end offsets taken after that: every event the live consumer applied before the
        // delete is on the topic below those offsets, and every later one it applies itself (an upsert by sequence).
        return Panache.withTransaction(() -> Panache.getSession()
                        .chain(s -> s.createNativeQuery("delete from " + table).executeUpdate()))
                .chain(removed -> Uni.createFrom()
                        .item(() -> readTopic())
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .emitOn(command -> context.runOnContext(v -> command.run()))
                        .chain(read -> Multi.createFrom()
                                .iterable(read.latest().values())
                                .onItem()
                                .transformToUniAndConcatenate(e -> applier.apply(e))
                                .collect()
                                .asList()
                                .map(applied -> new Rebuilt(removed, applied.size(), read.skipped()))))
                .invoke(r -> LOG.infof(
                        "%s rebuilt from %s: %d rows removed, %d restored, %d records skipped",
                        table, topic, r.removedRows(), r.restored(), r.skippedRecords()));
    }

    private record Read<E>(Map<String, E> latest, int skipped) {}

    /** The newest valid event of every aggregate on the topic, read up to the end offsets seen at the start. */
    private Read<E> readTopic() {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Map<String, E> latest = new HashMap<>();
        int skipped = 0;
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : c.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " was not read to its end within " + READ_LIMIT);
                }
                for (ConsumerRecord<String, String> r : c.poll(POLL)) {
                    try {
                        E e = decoder.apply(r.value());
                        latest.merge(
                                key.apply(e), e, (a, b) -> sequence.applyAsLong(b) > sequence.applyAsLong(a) ? b : a);
                    } catch (IllegalArgumentException e) {
                        skipped++;
                    }
                }
            }
        }
        return new Read<>(latest, skipped);
    }
}
