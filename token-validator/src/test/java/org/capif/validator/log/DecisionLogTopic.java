package org.capif.validator.log;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.capif.common.event.DecisionLogEvent;
import org.capif.testing.kafka.TopicReader;
import org.capif.validator.World;

/** Reads what the validator published on {@code capif.decision-logs}, for the decision log tests. */
public final class DecisionLogTopic {

    public static final String TOPIC = "capif.decision-logs";

    private DecisionLogTopic() {}

    /** A record as published: its key, its raw value and the event decoded from it. */
    public record Logged(String key, String value, DecisionLogEvent event) {}

    /** Waits until at least {@code count} records satisfy {@code which}; returns those read by then. */
    public static List<Logged> await(Predicate<DecisionLogEvent> which, int count) {
        List<Logged> found = matching(
                TopicReader.readUntil(
                        World.bootstrap(),
                        TOPIC,
                        Duration.ofSeconds(30),
                        all -> matching(all, which).size() >= count),
                which);
        if (found.size() < count) {
            throw new AssertionError("expected " + count + " decision logs on " + TOPIC + ", found " + found);
        }
        return found;
    }

    /** The records that satisfy {@code which}, read once through to the end of the topic as it is now. */
    public static List<Logged> now(Predicate<DecisionLogEvent> which) {
        return matching(TopicReader.readUntil(World.bootstrap(), TOPIC, Duration.ofSeconds(3), all -> false), which);
    }

    private static List<Logged> matching(
            List<ConsumerRecord<String, String>> records, Predicate<DecisionLogEvent> which) {
        return records.stream()
                .map(r -> new Logged(r.key(), r.value(), DecisionLogEvent.decode(r.value())))
                .filter(l -> which.test(l.event()))
                .toList();
    }

    /** Logs of decisions naming this invoker. */
    public static Predicate<DecisionLogEvent> invoker(String apiInvokerId) {
        return e -> apiInvokerId.equals(e.apiInvokerId());
    }

    /** Logs of decisions about this API name. */
    public static Predicate<DecisionLogEvent> api(String apiName) {
        return e -> apiName.equals(e.apiName());
    }
}
