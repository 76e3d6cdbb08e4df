package org.capif.testing.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.capif.testing.Infrastructure;

/**
 * Reads a topic from the beginning, without a consumer group, for assertions on what a service published. It
 * connects as the test broker's administrator (mutual TLS), who may read every topic.
 */
public final class TopicReader {

    private TopicReader() {}

    /**
     * Polls the whole topic until the records read so far satisfy {@code until}, or the timeout passes; returns every
     * record read, in partition order.
     */
    public static List<ConsumerRecord<String, String>> readUntil(
            String bootstrap, String topic, Duration timeout, Predicate<List<ConsumerRecord<String, String>>> until) {
        Map<String, Object> p = new HashMap<>(Infrastructure.kafkaTls().adminClient(bootstrap));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                if (until.test(out)) {
                    return out;
                }
            }
        }
        return out;
    }
}
