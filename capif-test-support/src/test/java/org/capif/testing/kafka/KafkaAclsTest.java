package org.capif.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.cert.CapifRole;
import org.capif.common.datastore.CapifService;
import org.capif.common.datastore.CapifTopics;
import org.capif.common.outbox.TopicProvisioner;
import org.capif.testing.Infrastructure;
import org.capif.testing.pki.Credential;
import org.capif.testing.pki.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ACLs of {@code KafkaAcls} on a real broker: each service may write and create only the topics it owns and read
 * only those it consumes; certificates of the same CA that are not service certificates may do nothing.
 */
class KafkaAclsTest {

    private static final List<String> TOPICS = List.of(
            CapifTopics.INVOKER_EVENTS,
            CapifTopics.SECURITY_EVENTS,
            CapifTopics.POLICY_EVENTS,
            CapifTopics.TOKEN_REVOCATIONS,
            CapifTopics.INVOKER_EVENTS_DLQ);

    private static String bootstrap;
    private static TestPki pki;
    private static KafkaTls tls;

    @BeforeAll
    static void topics() throws Exception {
        bootstrap = Infrastructure.kafka().bootstrapServers();
        pki = Infrastructure.pki();
        tls = Infrastructure.kafkaTls();
        TopicProvisioner.ensure(
                tls.adminClient(bootstrap),
                TOPICS.stream()
                        .map(t -> TopicProvisioner.compacted(t, 3, (short) 1))
                        .toList());
    }

    @Test
    void produceWhenValidatorWritesTokenRevocationsThenDeniedAndNothingWritten() {
        // the validator may write nowhere, so even its idempotent producer's id is refused (cluster authorization)
        assertDeniedAndNothingWritten(CapifService.TOKEN_VALIDATOR, CapifTopics.TOKEN_REVOCATIONS);
    }

    @Test
    void produceWhenInvokerManagementWritesTokenRevocationsThenDeniedAndNothingWritten() {
        assertDeniedAndNothingWritten(CapifService.INVOKER_MANAGEMENT, CapifTopics.TOKEN_REVOCATIONS);
    }

    @Test
    void produceWhenAuthorizationFunctionWritesInvokerEventsThenDeniedAndNothingWritten() {
        assertDeniedAndNothingWritten(CapifService.AUTHORIZATION_FUNCTION, CapifTopics.INVOKER_EVENTS);
    }

    @Test
    void produceWhenOwnerWritesItsTopicThenAcknowledgedAndReadable() {
        String key = "acl-" + System.nanoTime();
        assertThat(produce(
                        tls.service(bootstrap, pki, CapifService.AUTHORIZATION_FUNCTION),
                        CapifTopics.TOKEN_REVOCATIONS,
                        key))
                .isNull();
        assertThat(TopicReader.readUntil(
                        bootstrap, CapifTopics.TOKEN_REVOCATIONS, Duration.ofSeconds(10), rs -> rs.stream()
                                .anyMatch(r -> key.equals(r.key()))))
                .anyMatch(r -> key.equals(r.key()));
    }

    private static void assertDeniedAndNothingWritten(CapifService service, String topic) {
        String key = "forged-" + System.nanoTime();
        // The refusal arrives as an AuthorizationException, or wrapped in the error state it leaves the idempotent
        // producer in (when the producer id was refused first); either way an authorization failure, nothing else.
        Exception failure = produce(tls.service(bootstrap, pki, service), topic, key);
        assertThat(failure).isNotNull();
        Throwable t = failure;
        while (t != null && !(t instanceof AuthorizationException)) {
            t = t.getCause();
        }
        assertThat(t).as("authorization failure in %s", failure).isInstanceOf(AuthorizationException.class);
        assertThat(TopicReader.readUntil(bootstrap, topic, Duration.ofSeconds(2), rs -> false))
                .noneMatch(r -> key.equals(r.key()));
    }

    @Test
    void produceWhenEachServiceAndTopicThenAllowedExactlyForItsOwnTopics() {
        List<String> wrong = new ArrayList<>();
        for (CapifService service : CapifService.values()) {
            for (String topic : TOPICS) {
                Exception failure = produce(service, topic);
                boolean allowed = failure == null;
                if (allowed != service.writes().contains(topic)) {
                    wrong.add(service.id() + " -> " + topic + ": " + (allowed ? "allowed" : failure));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void readWhenEachServiceAndTopicThenAllowedExactlyForWhatItConsumes() {
        List<String> wrong = new ArrayList<>();
        for (CapifService service : CapifService.values()) {
            for (String topic : TOPICS) {
                Exception failure = read(tls.service(bootstrap, pki, service), topic, null);
                boolean allowed = failure == null;
                if (allowed != service.reads().contains(topic)) {
                    wrong.add(service.id() + " <- " + topic + ": " + (allowed ? "allowed" : failure));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void createWhenEachServiceAndTopicThenAllowedExactlyForItsOwnTopics() {
        List<String> wrong = new ArrayList<>();
        for (CapifService service : CapifService.values()) {
            try (Admin admin = Admin.create(tls.service(bootstrap, pki, service))) {
                for (String topic : TOPICS) {
                    // the topic exists: an authorised creator is told so, anybody else is refused first
                    Throwable cause = createFailure(admin, topic);
                    boolean allowed = cause instanceof TopicExistsException;
                    if (allowed != service.writes().contains(topic)) {
                        wrong.add(service.id() + " creates " + topic + ": " + cause);
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void consumeWhenAnotherServicesGroupThenDenied() {
        assertThat(read(
                        tls.service(bootstrap, pki, CapifService.TOKEN_VALIDATOR),
                        CapifTopics.INVOKER_EVENTS,
                        "capif-authorization-function"))
                .isInstanceOf(GroupAuthorizationException.class);
        assertThat(read(
                        tls.service(bootstrap, pki, CapifService.AUTHORIZATION_FUNCTION),
                        CapifTopics.INVOKER_EVENTS,
                        "capif-authorization-function"))
                .isNull();
    }

    @Test
    void produceWhenInvokerOrOperatorCertificateOfTheSameCaThenDenied() {
        for (CapifIdentity identity : List.of(
                CapifIdentity.invoker("invoker-management"),
                new CapifIdentity(CapifRole.OPERATOR, "invoker-management"),
                CapifIdentity.aef("invoker-management"))) {
            Credential c = pki.client(identity);
            Map<String, Object> client = tls.client(
                    bootstrap,
                    pki.write("acl-" + identity.role().uriName() + ".crt", c.certificatePem()),
                    pki.write("acl-" + identity.role().uriName() + ".key", c.privateKeyPem()));
            assertThat(produce(client, CapifTopics.INVOKER_EVENTS))
                    .as(identity.toString())
                    .isInstanceOf(AuthorizationException.class);
        }
    }

    private static Exception produce(CapifService service, String topic) {
        return produce(tls.service(bootstrap, pki, service), topic);
    }

    private static Exception produce(Map<String, Object> client, String topic) {
        return produce(client, topic, "acl-test");
    }

    /** Null if the record was acknowledged, else the cause of the failure. */
    private static Exception produce(Map<String, Object> client, String topic, String key) {
        Map<String, Object> p = new HashMap<>(client);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, key, "{}")).get(15, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return (Exception) e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    /** Null if the topic could be read from the beginning (in the group, if given), else the failure. */
    private static Exception read(Map<String, Object> client, String topic, String group) {
        Map<String, Object> p = new HashMap<>(client);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            if (group != null) {
                consumer.subscribe(List.of(topic));
                consumer.poll(Duration.ofSeconds(5));
                consumer.commitSync();
            } else {
                TopicPartition p0 = new TopicPartition(topic, 0);
                consumer.assign(List.of(p0));
                consumer.seekToBeginning(List.of(p0));
                consumer.position(p0);
                consumer.poll(Duration.ofMillis(500));
            }
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    private static Throwable createFailure(Admin admin, String topic) {
        try {
            admin.createTopics(List.of(TopicProvisioner.compacted(topic, 3, (short) 1)))
                    .all()
                    .get(15, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void createWhenServiceCreatesATopicItDoesNotOwnThenDenied() {
        try (Admin admin = Admin.create(tls.service(bootstrap, pki, CapifService.TOKEN_VALIDATOR))) {
            assertThatThrownBy(() -> admin.createTopics(List.of(
                                    TopicProvisioner.compacted("capif.not-owned-" + System.nanoTime(), 1, (short) 1)))
                            .all()
                            .get(15, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }
}
