package org.capif.common.health;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness reflects Kafka: the service reports not ready while no broker answers a cluster description within
 * {@link #TIMEOUT}. Non-blocking, so a probe never ties up a thread for the client's default 60 s when Kafka is down.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements AsyncHealthCheck {

    /** Longest a probe waits for the cluster to answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Map<String, Object> config;
    private volatile Admin admin;

    public KafkaReadiness(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.config = new HashMap<>(kafka);
        this.config.put(AdminClientConfig.CLIENT_ID_CONFIG, "capif-readiness");
        this.config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom()
                .completionStage(
                        () -> admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                                .nodes()
                                .toCompletionStage())
                .ifNoItem()
                .after(TIMEOUT.plusMillis(500))
                .fail()
                .map(nodes -> HealthCheckResponse.named("Kafka")
                        .up()
                        .withData("brokers", nodes.size())
                        .build())
                .onFailure()
                .recoverWithItem(e -> HealthCheckResponse.named("Kafka")
                        .down()
                        .withData("reason", e.getClass().getSimpleName())
                        .build());
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
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
