package org.capif.testing.kafka;

/**
 * A real Kafka broker for tests and the local stack (an in-process KRaft broker, {@link EmbeddedKafkaBroker}).
 * {@link #stop()} and {@link #start()} make it unavailable and available again on the same address (outage tests).
 */
public interface KafkaBroker extends AutoCloseable {

    String bootstrapServers();

    /** Makes the broker unreachable; data is kept. */
    void stop();

    /** Makes a stopped broker reachable again at the same address. */
    void start();

    @Override
    void close();
}
