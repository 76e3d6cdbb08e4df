package org.capif.authz.admin;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.capif.authz.invoker.InvokerProjection;
import org.capif.common.cert.CapifRole;
import org.capif.common.config.CommonConfig;
import org.capif.common.event.InvokerEvent;
import org.capif.common.tls.AuthenticatedPeer;
import org.capif.common.tls.PeerCertificates;
import org.jboss.logging.Logger;

/**
 * Operator administration (our extension): rebuilds the invoker view from the invoker topic alone. The table is
 * emptied, then the whole topic is read, every partition from its beginning to its end as it is after the deletion, by
 * a consumer of its own (no consumer group, so the partitions other replicas consume are read too), and the newest
 * event of every invoker is applied. As events carry full state and are applied by sequence, the rebuilt view equals
 * the one before; the live consumer keeps applying newer events meanwhile, and nothing it applied before the deletion
 * is lost, since it is on the topic below the end offsets read. The in-memory state keeps serving (its entries only move forward),
 * so token requests are not interrupted. The answer comes when the view is rebuilt.
 */
@Path("/capif-admin/v1/invoker-view/rebuild")
public class ViewRebuildResource {

    private static final Logger LOG = Logger.getLogger(ViewRebuildResource.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration READ_LIMIT = Duration.ofMinutes(5);

    /** The answer: rows removed, invokers restored, and records read that were not valid events. */
    public record Rebuilt(int removedRows, int restoredInvokers, int skippedRecords) {}

    private final InvokerProjection projection;
    private final Map<String, Object> kafka;
    private final String topic;

    public ViewRebuildResource(
            InvokerProjection projection,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            CommonConfig common) {
        this.projection = projection;
        this.kafka = kafka;
        this.topic = common.topics().invokerEvents();
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Rebuilt> rebuild(@jakarta.ws.rs.core.Context HttpServerRequest request) {
        AuthenticatedPeer peer = PeerCertificates.require(request, CapifRole.OPERATOR);
        LOG.infof("invoker view rebuild requested by %s", peer.identity());
        Context context = Vertx.currentContext(); // the database work continues on it, after the blocking read
        // Empty first, then read up to end offsets taken after that: every event the live consumer applied before the
        // delete is on the topic below those offsets, and every later one it applies itself (an upsert by sequence).
        return Panache.withTransaction(
                        () -> Panache.getSession().chain(s -> s.createNativeQuery("delete from invoker_view")
                                .executeUpdate()))
                .chain(removed -> Uni.createFrom()
                        .item(this::readTopic)
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .emitOn(command -> context.runOnContext(v -> command.run()))
                        .chain(read -> Multi.createFrom()
                                .iterable(read.latest().values())
                                .onItem()
                                .transformToUniAndConcatenate(projection::apply)
                                .collect()
                                .asList()
                                .map(applied -> new Rebuilt(removed, applied.size(), read.skipped()))))
                .invoke(r -> LOG.infof(
                        "invoker view rebuilt: %d rows removed, %d invokers restored, %d records skipped",
                        r.removedRows(), r.restoredInvokers(), r.skippedRecords()));
    }

    private record Read(Map<String, InvokerEvent> latest, int skipped) {}

    /** The newest valid event of every invoker on the topic, read up to the end offsets seen at the start. */
    private Read readTopic() {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "capif-authorization-function-rebuild");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Map<String, InvokerEvent> latest = new HashMap<>();
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
                    throw new IllegalStateException("the invoker topic was not read to its end within " + READ_LIMIT);
                }
                for (ConsumerRecord<String, String> r : c.poll(POLL)) {
                    try {
                        InvokerEvent e = InvokerProjection.decode(r.value());
                        latest.merge(e.apiInvokerId(), e, (a, b) -> b.sequence() > a.sequence() ? b : a);
                    } catch (IllegalArgumentException e) {
                        skipped++;
                    }
                }
            }
        }
        return new Read(latest, skipped);
    }
}
