package org.capif.validator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.capif.validator.decision.Decision;
import org.capif.validator.state.Reason;
import org.junit.jupiter.api.Test;

/** Every reason of the validator maps to one gateway status and challenge (docs/gateways.md#answers). */
class GatewayVerdictTest {

    private static final Set<Reason> FORBIDDEN_SCOPE = Set.of(
            Reason.API_NOT_IN_SCOPE, Reason.API_NOT_SUBSCRIBED, Reason.API_NOT_PUBLISHED, Reason.ROUTE_NOT_PUBLISHED);
    private static final Set<Reason> FORBIDDEN_POLICY =
            Set.of(Reason.POLICY_OUTSIDE_TIME_RANGE, Reason.POLICY_RATE_EXCEEDED, Reason.POLICY_TOTAL_EXCEEDED);

    @Test
    void ofWhenEveryReasonThenItsStatusChallengeAndCause() {
        for (Reason r : Reason.values()) {
            GatewayVerdict v = GatewayVerdict.of(
                    r == Reason.OK ? new Decision(true, r, "inv-1", 60) : new Decision(false, r, "inv-1", 0));
            if (r == Reason.OK) {
                assertThat(v.allowed()).isTrue();
                assertThat(v.apiInvokerId()).isEqualTo("inv-1");
                continue;
            }
            assertThat(v.allowed()).as(r.name()).isFalse();
            // the audited result of a validator-made invocation log is what the gateway answered
            assertThat(org.capif.common.event.DecisionLogEvent.invocationStatus(false, r.name()))
                    .as(r.name())
                    .isEqualTo(v.status());
            assertThat(v.problem().cause()).isEqualTo(r.name());
            assertThat(v.problem().status()).isEqualTo(v.status());
            if (r == Reason.TOKEN_MISSING) {
                assertThat(v.status()).isEqualTo(401);
                assertThat(v.challenge()).isEqualTo("Bearer");
            } else if (FORBIDDEN_SCOPE.contains(r)) {
                assertThat(v.status()).as(r.name()).isEqualTo(403);
                assertThat(v.challenge())
                        .contains("error=\"insufficient_scope\"")
                        .contains(r.name());
            } else if (FORBIDDEN_POLICY.contains(r)) {
                assertThat(v.status()).as(r.name()).isEqualTo(403);
                assertThat(v.challenge()).isNull();
            } else {
                assertThat(v.status()).as(r.name()).isEqualTo(401);
                assertThat(v.challenge()).contains("error=\"invalid_token\"").contains(r.name());
            }
        }
    }
}
