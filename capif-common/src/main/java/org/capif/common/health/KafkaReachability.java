package org.capif.common.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Whether Kafka answers, reported where operators look and never as readiness (decision D8): a wellness check named
 * {@code Kafka} ({@code /q/health/well} and {@code /q/health}) and the gauge {@code capif_kafka_reachable} (1 or 0,
 * refreshed every {@link #PROBE_PERIOD} and by every health call). A Kafka outage must not take every replica out of
 * its Service: the services keep accepting changes into their outbox and keep deciding from the state they hold, so
 * each service's readiness reports only what its own pod can serve. Non-blocking: a probe never waits longer than
 * {@link #TIMEOUT}.
 */
@Wellness
@ApplicationScoped
public class KafkaReachability implements AsyncHealthCheck {

    /** Longest a probe waits for the cluster to answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** How often the gauge is refreshed without a health call. */
    static final Duration PROBE_PERIOD = Duration.ofSeconds(10);

    private static final String NAME = "Kafka";

    private final Map<String, Object> config;
    private final Vertx vertx;
    private final Clock clock;
    private volatile Admin admin;
    private volatile boolean reachable;
    private volatile Instant lastReachable;
    private volatile long timer = -1;

    public KafkaReachability(
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            Vertx vertx,
            Clock clock,
            MeterRegistry registry) {
        this.config = new HashMap<>(kafka);
        this.config.put(AdminClientConfig.CLIENT_ID_CONFIG, "capif-kafka-reachability");
        this.config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.vertx = vertx;
        this.clock = clock;
        Gauge.builder("capif.kafka.reachable", this, k -> k.reachable ? 1 : 0)
                .description("1 while a Kafka broker answered the last probe, 0 otherwise (not part of readiness)")
                .register(registry);
    }

    void start(@Observes StartupEvent started) {
        timer = vertx.setPeriodic(
                1, PROBE_PERIOD.toMillis(), id -> probe().subscribe().with(r -> {}, e -> {}));
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe();
    }

    /** Asks the cluster to describe itself and records the outcome for the gauge. */
    Uni<HealthCheckResponse> probe() {
        return Uni.createFrom()
                .completionStage(
                        () -> admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                                .nodes()
                                .toCompletionStage())
                .ifNoItem()
                .after(TIMEOUT.plusMillis(500))
                .fail()
                .map(nodes -> {
                    reachable = true;
                    lastReachable = clock.instant();
                    return HealthCheckResponse.named(NAME)
                            .up()
                            .withData("brokers", nodes.size())
                            .build();
                })
                .onFailure()
                .recoverWithItem(e -> {
                    reachable = false;
                    Instant last = lastReachable;
                    return HealthCheckResponse.named(NAME)
                            .down()
                            .withData("reason", e.getClass().getSimpleName())
                            .withData("lastReachable", last == null ? "never" : last.toString())
                            .build();
                });
    }

    private Admin admin() {
        Admin a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(config);
                }
                a = admin;
            }
        }
        return a;
    }

    @PreDestroy
    void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
