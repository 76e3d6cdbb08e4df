package org.capif.validator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.capif.common.api.ApiInvokerPolicy;
import org.capif.common.api.TimeRangeList;
import org.capif.testing.CapifTestResource;
import org.capif.testing.db.Sql;
import org.capif.testing.pki.Credential;
import org.capif.validator.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Invocation policies (TS 29.222 ApiInvokerPolicy) enforced at decision time, reaching the validator over Kafka. */
@QuarkusTest
class PolicyTest {

    @TestHTTPResource(value = "/", tls = true)
    URL base;

    private final Credential aef = World.aef(World.AEF);
    private World.Invoker invoker;
    private String token;

    @BeforeEach
    void allowedToken() {
        invoker = World.onboard();
        token = World.token(World.claims(invoker));
        World.awaitDecision(
                base, aef, token, "as-session-with-qos", invoker.credential().thumbprint(), World.reason("OK"));
    }

    private String reason() {
        return World.decide(
                        base,
                        aef,
                        token,
                        "as-session-with-qos",
                        invoker.credential().thumbprint())
                .jsonPath()
                .getString("reason");
    }

    @Test
    void decideWhenTotalUsedUpThenTotalExceededAndOnlyAllowedOnesCounted() {
        World.policy(invoker, 1, new ApiInvokerPolicy(invoker.id(), 3, null, null));
        // the policy arrives asynchronously: wait until the first counted invocation is refused by the total
        List<String> reasons = new ArrayList<>();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> {
                    reasons.add(reason());
                    return reasons.get(reasons.size() - 1).equals("POLICY_TOTAL_EXCEEDED");
                });
        assertThat(reason()).isEqualTo("POLICY_TOTAL_EXCEEDED");
        assertThat(new Sql(CapifTestResource.database("capif_validator"))
                        .count("select leased from invocation_usage where api_invoker_id = ?", invoker.id()))
                .isEqualTo(3);
        // another API of the same invoker has no policy
        assertThat(World.decide(
                                base,
                                aef,
                                token,
                                "monitoring-event",
                                invoker.credential().thumbprint())
                        .jsonPath()
                        .getString("decision"))
                .isEqualTo("ALLOW");
    }

    @Test
    void decideWhenTotalSetBeforeAnyUseThenExactlyThatManyAllowed() {
        World.policy(invoker, 1, new ApiInvokerPolicy(invoker.id(), 1_000_000, null, null));
        World.policy(invoker, 2, new ApiInvokerPolicy(invoker.id(), 0, null, null));
        World.awaitDecision(
                base,
                aef,
                token,
                "as-session-with-qos",
                invoker.credential().thumbprint(),
                World.reason("POLICY_TOTAL_EXCEEDED"));
        World.policy(invoker, 3, new ApiInvokerPolicy(invoker.id(), 4, null, null));
        World.awaitDecision(
                base, aef, token, "as-session-with-qos", invoker.credential().thumbprint(), World.reason("OK"));
        List<String> next = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            next.add(reason());
        }
        assertThat(next)
                .containsExactly(
                        "OK", "OK", "OK", "POLICY_TOTAL_EXCEEDED", "POLICY_TOTAL_EXCEEDED", "POLICY_TOTAL_EXCEEDED");
    }

    @Test
    void decideWhenAbovePerSecondRateThenRateExceeded() {
        World.policy(invoker, 1, new ApiInvokerPolicy(invoker.id(), null, 2, null));
        World.awaitDecision(
                base,
                aef,
                token,
                "as-session-with-qos",
                invoker.credential().thumbprint(),
                World.reason("POLICY_RATE_EXCEEDED"));
        List<String> burst = new ArrayList<>();
        long second = System.currentTimeMillis() / 1000;
        while (System.currentTimeMillis() / 1000 == second) {
            Thread.onSpinWait();
        }
        for (int i = 0; i < 5; i++) {
            burst.add(reason());
        }
        assertThat(burst.stream().filter("OK"::equals).count()).isBetween(1L, 2L);
        assertThat(burst).contains("POLICY_RATE_EXCEEDED");
    }

    @Test
    void decideWhenOutsideEveryTimeRangeThenOutsideTimeRange() {
        OffsetDateTime now = OffsetDateTime.now();
        World.policy(
                invoker,
                1,
                new ApiInvokerPolicy(
                        invoker.id(),
                        null,
                        null,
                        List.of(
                                new TimeRangeList(now.minusDays(2), now.minusDays(1)),
                                new TimeRangeList(now.plusDays(1), null))));
        World.awaitDecision(
                base,
                aef,
                token,
                "as-session-with-qos",
                invoker.credential().thumbprint(),
                World.reason("POLICY_OUTSIDE_TIME_RANGE"));
        World.policy(
                invoker,
                2,
                new ApiInvokerPolicy(
                        invoker.id(), null, null, List.of(new TimeRangeList(now.minusDays(1), now.plusDays(1)))));
        World.awaitDecision(
                base, aef, token, "as-session-with-qos", invoker.credential().thumbprint(), World.reason("OK"));
    }
}
