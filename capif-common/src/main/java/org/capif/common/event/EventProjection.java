package org.capif.common.event;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.capif.common.persistence.SqlFailures;
import org.jboss.logging.Logger;

/**
 * How a service applies the full-state events of one topic to its own view (one instance per topic): each record is
 * decoded and applied with one conditional write ({@code ... where sequence < new sequence}), so duplicates, replays and
 * older events change nothing and consumption is idempotent and never goes backwards. Records of one aggregate share a
 * partition and are processed one at a time, in order. The failure strategy:
 *
 * <ul>
 *   <li>a record that is not a valid event of a known schema version fails, and the messaging layer sends it to the
 *       dead-letter topic without stopping the stream;
 *   <li>a valid event that cannot be applied (the database is unreachable, say) is retried with back-off until it is:
 *       dead-lettering it would lose a change for good, and holding the partition keeps the per-aggregate order;
 *   <li>only an event whose data the database refuses (SQLSTATE 22/23, see {@link SqlFailures#refusedData}) is
 *       dead-lettered after all, since no retry can fix it.
 * </ul>
 *
 * @param <E> the event type
 */
public final class EventProjection<E> {

    private static final Logger LOG = Logger.getLogger(EventProjection.class);
    private static final Duration RETRY_MIN = Duration.ofMillis(200);
    private static final Duration RETRY_MAX = Duration.ofSeconds(10);

    private final String what;
    private final Function<String, E> decoder;
    private final Function<E, Uni<Boolean>> applier;
    private final Consumer<E> onChange;
    private final Function<E, Object> id;
    private final Counter applied;
    private final Counter skipped;
    private final Counter rejected;

    /**
     * @param what the events, in words, for logs ("invoker event")
     * @param metric the counter name; tagged {@code outcome} = {@code applied}, {@code duplicate}, {@code dead-letter}
     * @param decoder decodes and validates a record, throwing {@link IllegalArgumentException} for an invalid one
     * @param applier applies an event in its own transaction; true if it changed the view
     * @param onChange runs after an event changed the view (e.g. refresh memory)
     * @param id the event's id, for logs
     */
    public EventProjection(
            String what,
            String metric,
            Function<String, E> decoder,
            Function<E, Uni<Boolean>> applier,
            Consumer<E> onChange,
            Function<E, Object> id,
            MeterRegistry registry) {
        this.what = what;
        this.decoder = decoder;
        this.applier = applier;
        this.onChange = onChange;
        this.id = id;
        this.applied = registry.counter(metric, "outcome", "applied");
        this.skipped = registry.counter(metric, "outcome", "duplicate");
        this.rejected = registry.counter(metric, "outcome", "dead-letter");
    }

    /** Consumes one record (the body of an {@code @Incoming} method). */
    public Uni<Void> consume(String payload) {
        E event;
        try {
            event = decoder.apply(payload);
        } catch (IllegalArgumentException e) {
            rejected.increment();
            LOG.warnf("%s rejected to the dead-letter topic: %s", what, e.getMessage());
            return Uni.createFrom().failure(e);
        }
        return applier.apply(event)
                .onFailure(EventProjection::transientFailure)
                .invoke(e -> LOG.warnf("%s %s not applied yet, retrying: %s", what, id.apply(event), e.toString()))
                .onFailure(EventProjection::transientFailure)
                .retry()
                .withBackOff(RETRY_MIN, RETRY_MAX)
                .indefinitely()
                .onFailure()
                .invoke(e -> {
                    rejected.increment();
                    LOG.errorf(
                            "%s %s can never be applied, to the dead-letter topic: %s",
                            what, id.apply(event), e.toString());
                })
                .invoke(changed -> {
                    if (changed) {
                        applied.increment();
                        onChange.accept(event);
                    } else {
                        skipped.increment();
                    }
                })
                .replaceWithVoid();
    }

    /** True unless the database refused the event's data itself. */
    public static boolean transientFailure(Throwable failure) {
        return !SqlFailures.refusedData(failure);
    }
}
