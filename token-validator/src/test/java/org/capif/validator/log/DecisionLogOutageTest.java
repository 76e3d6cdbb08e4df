package org.capif.validator.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import org.capif.testing.CapifTestResource;
import org.capif.testing.Infrastructure;
import org.capif.testing.http.Https;
import org.capif.testing.pki.Credential;
import org.capif.validator.World;
import org.capif.validator.gateway.Gateways;
import org.junit.jupiter.api.Test;

/**
 * Decisions never depend on Kafka: with the broker stopped, an AEF whose invocation logs are on gets the same answers,
 * the logs that cannot be sent are dropped and counted ({@code capif_invocation_logs_dropped_total}), and once the
 * broker is back new decisions are logged again.
 */
@QuarkusTest
class DecisionLogOutageTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    @TestHTTPResource(value = "/", management = true, tls = true)
    URL management;

    @Test
    void decideWhenKafkaIsStoppedThenTheSameDecisionsAndTheLogsAreDroppedAndCounted() {
        Credential aef = Gateways.aef();
        World.Invoker invoker = Gateways.invoker();
        String thumbprint = invoker.credential().thumbprint();
        String qos = Gateways.token(invoker, Gateways.QOS);
        String monitoringOnly = Gateways.token(invoker, Gateways.MONITORING);
        DecisionLogTest.assertDecision(World.decide(base, aef, qos, Gateways.QOS, thumbprint), "ALLOW", "OK");
        DecisionLogTopic.await(DecisionLogTopic.invoker(invoker.id()), 1);
        double droppedBefore = dropped();

        Infrastructure.kafkaAvailable(false);
        try {
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                DecisionLogTest.assertDecision(World.decide(base, aef, qos, Gateways.QOS, thumbprint), "ALLOW", "OK");
                DecisionLogTest.assertDecision(
                        World.decide(base, aef, monitoringOnly, Gateways.QOS, thumbprint), "DENY", "API_NOT_IN_SCOPE");
                assertThat(Duration.ofNanos(System.nanoTime() - t0))
                        .as("two decisions must not wait for Kafka")
                        .isLessThan(Duration.ofSeconds(1));
            }
            // the send timeout of the tests is 3 s
            await().atMost(Duration.ofSeconds(20)).until(() -> dropped() > droppedBefore);
        } finally {
            Infrastructure.kafkaAvailable(true);
        }

        World.Invoker after = Gateways.invoker();
        DecisionLogTest.assertDecision(
                World.decide(
                        base,
                        aef,
                        Gateways.token(after, Gateways.QOS),
                        Gateways.QOS,
                        after.credential().thumbprint()),
                "ALLOW",
                "OK");
        DecisionLogTopic.await(DecisionLogTopic.invoker(after.id()), 1);
    }

    /** {@code capif_invocation_logs_dropped_total}, summed over its reasons. */
    private double dropped() {
        return Https.as(
                        CapifTestResource.pki(),
                        management,
                        CapifTestResource.pki().monitoring("prometheus"))
                .get("/q/metrics")
                .asString()
                .lines()
                .filter(l -> l.startsWith("capif_invocation_logs_dropped_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
