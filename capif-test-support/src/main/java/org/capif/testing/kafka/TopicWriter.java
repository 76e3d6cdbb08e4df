package org.capif.testing.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.capif.testing.Infrastructure;

/**
 * Writes records to a topic and waits for the acknowledgement, for tests that play another service's part. It
 * connects as the test broker's administrator (mutual TLS), who may write every topic; the ACLs of the services
 * themselves are shown by {@code KafkaAclsTest}.
 */
public final class TopicWriter {

    private TopicWriter() {}

    public static void send(String bootstrap, String topic, String key, String value) {
        send(Infrastructure.kafkaTls().adminClient(bootstrap), topic, key, value);
    }

    /** As {@link #send(String, String, String, String)}, with the given client configuration (another identity). */
    public static void send(Map<String, Object> client, String topic, String key, String value) {
        Map<String, Object> p = new HashMap<>(client);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + topic, e);
        }
    }
}
